import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { catchError, map, of } from 'rxjs';
import type { CurrencySavings, SavingsBreakdown } from '@apex/contracts';
import { problemMessage } from '../../core/problem-message';
import { blockedReason, blockedRequestOf } from '../../core/upgrade/blocked-request';
import { ValueApi } from './value-api';
import { formatMoney } from './value-format';

type Loaded = { currencies: CurrencySavings[]; failure: null } | { currencies: null; failure: string } | null;

/**
 * Savings on the value dashboard, per currency: verified savings to date (only proofs with the verified verdict),
 * savings being measured (proofs' interim readings, not savings yet) and the potential of what is still to do. Each
 * figure opens into the proofs or recommendations that make it up; the breakdown by recommendation and month is
 * advanced analytics.
 */
@Component({
  selector: 'apex-savings-panel',
  imports: [DatePipe, MatButtonModule, MatCardModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card savings" data-testid="savings-panel">
      <h2>Savings</h2>
      @let state = loaded();
      @if (state?.failure; as failure) {
        <p class="muted" role="alert">{{ failure }}</p>
      } @else if (state?.currencies; as currencies) {
        @for (c of currencies; track c.currency) {
          <div class="figures" [attr.data-currency]="c.currency">
            <details data-testid="savings-verified">
              <summary>
                <span class="label">Verified savings to date</span>
                <span class="amount">{{ money(c.verified.amount, c.currency) }}</span>
              </summary>
              <ul>
                @for (item of c.verified.items; track item.proofId) {
                  <li><a [routerLink]="item.link">{{ item.title }}</a>: {{ money(item.amount, c.currency) }}, verified for the period to {{ item.reportingEndsOn | date: 'd MMM y' : 'UTC' }}</li>
                } @empty {
                  <li>No proof has verified a saving yet.</li>
                }
              </ul>
            </details>
            <details data-testid="savings-measuring">
              <summary>
                <span class="label">Being measured</span>
                <span class="amount">{{ money(c.measuring.amount, c.currency) }}</span>
                <span class="note">so far, measuring — not yet a saving</span>
              </summary>
              <ul>
                @for (item of c.measuring.items; track item.proofId) {
                  <li>
                    <a [routerLink]="item.link">{{ item.title }}</a>:
                    @if (item.interim !== null) {
                      {{ money(item.interim, c.currency) }} measuring over {{ item.days }} {{ item.days === 1 ? 'day' : 'days' }}
                    } @else {
                      measuring from {{ item.implementedOn | date: 'd MMM y' : 'UTC' }}, no reading yet
                    }
                  </li>
                } @empty {
                  <li>No proof is measuring.</li>
                }
              </ul>
            </details>
            <details data-testid="savings-potential">
              <summary>
                <span class="label">Potential</span>
                <span class="amount">{{ money(c.potential.monthlyAmount, c.currency) }}</span>
                <span class="note">a month, expected from open recommendations — potential</span>
              </summary>
              <ul>
                @for (item of c.potential.items; track item.recommendationId) {
                  <li><a [routerLink]="item.link">{{ item.title }}</a>: {{ money(item.monthlyExpected, c.currency) }} a month ({{ item.status }})</li>
                } @empty {
                  <li>No open recommendation.</li>
                }
              </ul>
            </details>
          </div>
        } @empty {
          <p class="headline">Nothing is proven yet</p>
          <p class="muted">Savings appear here once a proof has measured them against your own cost data.</p>
        }

        <div class="analytics">
          @if (breakdown(); as b) {
            <h3>Verified savings by recommendation</h3>
            <ul data-testid="savings-by-recommendation">
              @for (item of b.byRecommendation; track item.proofId) {
                <li><a [routerLink]="item.link">{{ item.title }}</a>: {{ money(item.amount, item.currency) }}</li>
              } @empty {
                <li>None verified yet.</li>
              }
            </ul>
            <h3>Verified savings by month</h3>
            <p class="muted">Each proof counts in the month its reporting period ended.</p>
            <ul data-testid="savings-by-month">
              @for (m of b.byMonth; track m.month + m.currency) {
                <li>{{ m.month }}: {{ money(m.amount, m.currency) }}</li>
              } @empty {
                <li>None verified yet.</li>
              }
            </ul>
          } @else {
            <button mat-button type="button" (click)="openBreakdown()" [disabled]="loadingBreakdown()">View savings → Unlock detailed analytics</button>
            @if (breakdownBlocked(); as message) {
              <p class="muted" data-testid="savings-locked">{{ message }} <a routerLink="/app/upgrade">See plans</a></p>
            }
          }
        </div>
      }
    </mat-card>
  `,
  styleUrls: ['./value.css'],
  styles: `
    .savings { height: 100%; box-sizing: border-box; display: flex; flex-direction: column; gap: 12px; }
    h2 { margin-bottom: 0; }
    h3 { margin: 8px 0 4px; font: var(--mat-sys-title-small); }
    .headline { margin: 0 0 4px; font: var(--mat-sys-title-medium); }
    p { margin: 0; }
    .figures { display: flex; flex-direction: column; gap: 8px; }
    summary { cursor: pointer; display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; }
    .label { font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    .amount { font: var(--mat-sys-title-large); font-variant-numeric: tabular-nums; }
    .note { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    ul { margin: 4px 0 0; padding-left: 20px; }
  `,
})
export class SavingsPanel {
  private readonly api = inject(ValueApi);

  protected readonly loaded = toSignal<Loaded>(
    this.api.savings().pipe(
      map((summary): Loaded => ({ currencies: summary.currencies, failure: null })),
      catchError((error: unknown) => of<Loaded>({ currencies: null, failure: `Savings could not be loaded. ${problemMessage(error)}` })),
    ),
    { initialValue: null },
  );
  protected readonly breakdown = signal<SavingsBreakdown | null>(null);
  protected readonly breakdownBlocked = signal<string | null>(null);
  protected readonly loadingBreakdown = signal(false);

  protected money(amount: string, currency: string): string {
    return formatMoney(amount, currency);
  }

  protected openBreakdown(): void {
    this.loadingBreakdown.set(true);
    this.breakdownBlocked.set(null);
    this.api.savingsBreakdown().subscribe({
      next: (breakdown) => {
        this.loadingBreakdown.set(false);
        this.breakdown.set(breakdown);
      },
      error: (error: unknown) => {
        this.loadingBreakdown.set(false);
        // The upgrade prompt opens by itself for a plan's refusal (see upgradePromptInterceptor); this says why in place.
        const block = blockedRequestOf(error);
        this.breakdownBlocked.set(block ? blockedReason(block) : problemMessage(error));
      },
    });
  }
}
