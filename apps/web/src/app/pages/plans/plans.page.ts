import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { PlanView } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { AuthService } from '../../core/auth/auth.service';
import { priceParts, runAllowance } from '../../core/format/plan-format';
import { problemMessage } from '../../core/problem-message';
import { PlanComparisonTable } from './plan-comparison-table';

/** The tiers side by side, priced and limited exactly as the API serves them. */
@Component({
  selector: 'apex-plans-page',
  imports: [RouterLink, MatButtonModule, MatCardModule, MatProgressBarModule, PlanComparisonTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page plans" aria-labelledby="plans-title">
      <h1 id="plans-title">Compare plans</h1>
      <p class="lede">
        Paid plans cost a flat monthly fee or a share of the AI spend Apex measures, whichever is less. Enterprise
        terms are agreed by contract.
      </p>

      @if (error(); as message) {
        <div class="banner banner--error" role="alert">
          {{ message }} <button mat-button type="button" (click)="load()">Try again</button>
        </div>
      } @else if (!plans()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading plans" />
      }

      @if (plans(); as plans) {
        <ul class="tiers" role="list">
          @for (plan of plans; track plan.tier) {
            @let price = priceOf(plan);
            <li>
              <mat-card appearance="outlined" class="tier" [class.current]="plan.tier === currentTier()" [attr.data-tier]="plan.tier">
                <mat-card-header>
                  <mat-card-title><h2>{{ plan.name }}</h2></mat-card-title>
                  @if (plan.tier === currentTier()) {
                    <mat-card-subtitle><span class="badge">Your plan</span></mat-card-subtitle>
                  }
                </mat-card-header>
                <mat-card-content>
                  <p class="price">
                    {{ price.amount }}@if (price.unit) {<span class="unit">{{ price.unit }}</span>}
                  </p>
                  <p class="terms">{{ price.terms }}</p>
                  <p class="allowance">{{ allowance(plan) }}</p>
                </mat-card-content>
                @if (plan.pricing.rule === 'contract') {
                  <mat-card-actions><a mat-stroked-button routerLink="/enterprise">Talk to sales</a></mat-card-actions>
                } @else if (plan.pricing.rule === 'free' && !currentTier()) {
                  <mat-card-actions><a mat-stroked-button routerLink="/signup">Start free</a></mat-card-actions>
                }
              </mat-card>
            </li>
          }
        </ul>

        <h2 class="compare-title" id="compare-title">What each plan includes</h2>
        <apex-plan-comparison-table [plans]="plans" [currentTier]="currentTier()" />
      }
    </section>
  `,
  styles: `
    .plans { padding-block: 48px 64px; }
    h1 { margin: 0 0 12px; font: var(--mat-sys-display-small); letter-spacing: -0.02em; }
    .lede { margin: 0 0 32px; max-width: 68ch; font: var(--mat-sys-body-large); color: var(--mat-sys-on-surface-variant); }
    .tiers { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 16px; margin: 0; padding: 0; list-style: none; }
    .tier { height: 100%; box-sizing: border-box; padding-block: 8px; }
    .tier.current { border-color: var(--mat-sys-primary); border-width: 2px; }
    .tier[data-tier='enterprise'] { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); border-color: transparent; }
    h2 { margin: 0; font: var(--mat-sys-title-large); }
    .badge { display: inline-block; margin-top: 4px; padding: 2px 10px; border-radius: 999px; background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); font: var(--mat-sys-label-medium); }
    .price { margin: 16px 0 4px; font: var(--mat-sys-headline-large); font-weight: 600; }
    .unit { margin-left: 2px; font: var(--mat-sys-title-medium); opacity: 0.75; }
    .terms { margin: 0 0 12px; font: var(--mat-sys-body-medium); }
    .allowance { margin: 0; font: var(--mat-sys-title-small); }
    mat-card-content { flex: 1; }
    mat-card-actions { padding: 8px 16px; }
    .compare-title { margin: 48px 0 16px; font: var(--mat-sys-headline-small); }
  `,
})
export class PlansPage {
  private readonly api = inject(ApiClient);
  private readonly auth = inject(AuthService);

  protected readonly plans = signal<PlanView[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly currentTier = computed(() => this.auth.me()?.organization.tier ?? null);

  constructor() {
    this.load();
  }

  protected load(): void {
    this.error.set(null);
    this.api.plans().subscribe({
      next: (plans) => this.plans.set([...plans].sort((a, b) => a.rank - b.rank)),
      error: (error: unknown) => this.error.set(problemMessage(error)),
    });
  }

  protected priceOf(plan: PlanView) {
    return priceParts(plan.pricing);
  }

  protected allowance(plan: PlanView): string {
    return runAllowance(plan.runLimit, plan.windowSeconds);
  }
}
