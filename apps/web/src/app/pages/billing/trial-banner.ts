import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { AuthService } from '../../core/auth/auth.service';
import { paymentMethodLabel, trialTimeLeft } from './billing-format';
import { BillingStatus } from './billing-status';

const capitalized = (tier: string) => tier.charAt(0).toUpperCase() + tier.slice(1);

/**
 * Across the signed-in portal while the organisation's trial runs: the days left (GET /billing's trial) and what
 * happens at the end, with the way to add a payment method. Nothing shows without an active trial.
 */
@Component({
  selector: 'apex-trial-banner',
  imports: [DatePipe, RouterLink, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (trial(); as trial) {
      <aside class="trial" aria-label="Your trial" data-testid="trial-banner">
        <div class="page inner">
          <p>
            <strong data-testid="trial-days-left">{{ headline() }}</strong><span class="until"> (until {{ trial.endsAt | date: 'd MMM y, HH:mm' }})</span>.
            @if (paymentMethod(); as method) {
              {{ tierName() }} then continues on your {{ method }}.
            } @else {
              Add a payment method to keep {{ tierName() }} when it ends; without one, your organisation moves back to Free.
            }
          </p>
          @if (!paymentMethod()) {
            <a mat-flat-button routerLink="/app/billing" fragment="payment-method">Add a payment method</a>
          }
        </div>
      </aside>
    }
  `,
  styles: `
    .trial { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .inner { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px 24px; padding-block: 10px; }
    p { margin: 0; flex: 1 1 48ch; font: var(--mat-sys-body-medium); }
    .until { opacity: 0.85; }
  `,
})
export class TrialBanner {
  private readonly status = inject(BillingStatus);
  private readonly me = inject(AuthService).me;
  private readonly orgId = computed(() => this.me()?.organization.id ?? null);

  /** The organisation signed in now; an answer about another one (before a sign-out) is never shown. */
  private readonly overview = computed(() => {
    const overview = this.status.overview();
    return overview && overview.orgId === this.orgId() ? overview : null;
  });
  protected readonly trial = computed(() => this.overview()?.trial ?? null);
  /** "7 days left in your Early trial", or "Your Early trial ends today". */
  protected readonly headline = computed(() => {
    const trial = this.trial();
    if (!trial) return '';
    return trial.daysLeft > 0 ? `${trialTimeLeft(trial)} in your ${this.tierName()} trial` : `Your ${this.tierName()} trial ends today`;
  });
  protected readonly tierName = computed(() => capitalized(this.overview()?.tier ?? ''));
  protected readonly paymentMethod = computed(() => {
    const method = this.overview()?.paymentMethod;
    return method ? paymentMethodLabel(method) : null;
  });

  constructor() {
    // Read once per signed-in organisation; the billing pages read it again whenever they change something.
    effect(() => {
      const orgId = this.orgId();
      untracked(() => {
        if (orgId) this.status.load().subscribe({ error: () => undefined });
        else this.status.clear();
      });
    });
  }
}
