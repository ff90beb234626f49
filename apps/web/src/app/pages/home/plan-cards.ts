import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import type { PlanView } from '@apex/contracts';
import { TIERS } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { priceParts } from '../../core/format/plan-format';
import { problemMessage } from '../../core/problem-message';
import { TIER_AUDIENCE } from './tiers';

/** One card per plan, priced exactly as GET /plans serves it; placeholders while loading, never made-up numbers. */
@Component({
  selector: 'apex-home-plan-cards',
  imports: [RouterLink, MatButtonModule, MatCardModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as message) {
      <div class="notice notice--error" role="alert">
        <p>We could not load our plans and prices. {{ message }}</p>
        <button mat-stroked-button type="button" (click)="load()">Try again</button>
      </div>
    } @else if (plans(); as plans) {
      @if (plans.length === 0) {
        <p class="notice" role="status">No plans are on offer right now. <a routerLink="/enterprise">Talk to sales</a>.</p>
      } @else {
        <ul class="tiers" role="list">
          @for (plan of plans; track plan.tier) {
            @let price = priceOf(plan);
            <li>
              <mat-card appearance="outlined" class="tier" [class.tier--contract]="plan.pricing.rule === 'contract'" [attr.data-tier]="plan.tier">
                <mat-card-header>
                  <mat-card-title><h3>{{ plan.name }}</h3></mat-card-title>
                  @if (audience(plan); as audience) {
                    <mat-card-subtitle>{{ audience }}</mat-card-subtitle>
                  }
                </mat-card-header>
                <mat-card-content>
                  <p class="price">
                    {{ price.amount }}@if (price.unit) {<span class="unit">{{ price.unit }}</span>}
                  </p>
                  <p class="terms">{{ price.terms }}</p>
                </mat-card-content>
                @if (plan.pricing.rule === 'contract') {
                  <mat-card-actions>
                    <a mat-stroked-button routerLink="/enterprise">Contact us</a>
                  </mat-card-actions>
                }
              </mat-card>
            </li>
          }
        </ul>
      }
    } @else {
      <ul class="tiers" aria-hidden="true" data-testid="plans-loading">
        @for (placeholder of placeholders; track placeholder) {
          <li class="tier skeleton">
            <span class="bar bar--title"></span>
            <span class="bar"></span>
            <span class="bar bar--price"></span>
            <span class="bar"></span>
          </li>
        }
      </ul>
      <p class="visually-hidden" role="status">Loading plans and prices…</p>
    }
  `,
  styles: `
    .tiers { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 16px; margin: 0; padding: 0; list-style: none; }
    .tier { height: 100%; box-sizing: border-box; padding-block: 8px; }
    .tier--contract { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); border-color: transparent; }
    .tier--contract mat-card-subtitle { color: inherit; opacity: 0.85; }
    h3 { margin: 0; font: var(--mat-sys-title-large); }
    .price { margin: 16px 0 4px; font: var(--mat-sys-headline-large); font-weight: 600; }
    .unit { margin-left: 2px; font: var(--mat-sys-title-medium); color: inherit; opacity: 0.75; }
    .terms { margin: 0; font: var(--mat-sys-body-medium); }
    mat-card-content { flex: 1; }
    mat-card-actions { padding: 8px 16px 8px; }
    .skeleton { display: flex; flex-direction: column; gap: 12px; min-height: 176px; padding: 24px 16px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; }
    .bar { display: block; width: 80%; height: 14px; border-radius: 4px; background: var(--mat-sys-surface-container-high); animation: pulse 1.4s ease-in-out infinite; }
    .bar--title { width: 40%; height: 22px; }
    .bar--price { width: 55%; height: 32px; margin-top: 8px; }
    @keyframes pulse { 50% { opacity: 0.45; } }
    @media (prefers-reduced-motion: reduce) { .bar { animation: none; } }
    .notice { display: flex; flex-wrap: wrap; align-items: center; gap: 12px 16px; margin: 0; padding: 16px; border-radius: 12px; background: var(--mat-sys-surface-container); font: var(--mat-sys-body-medium); }
    .notice--error { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .notice p { margin: 0; flex: 1 1 40ch; }
  `,
})
export class HomePlanCards {
  private readonly api = inject(ApiClient);

  protected readonly plans = signal<PlanView[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly placeholders = TIERS;

  constructor() {
    this.load();
  }

  protected load(): void {
    this.error.set(null);
    this.plans.set(null);
    this.api.plans().subscribe({
      next: (plans) => this.plans.set([...plans].sort((a, b) => a.rank - b.rank)),
      error: (error: unknown) => this.error.set(problemMessage(error)),
    });
  }

  protected priceOf(plan: PlanView) {
    return priceParts(plan.pricing);
  }

  protected audience(plan: PlanView): string | null {
    return TIER_AUDIENCE[plan.tier] ?? null;
  }
}
