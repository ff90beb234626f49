import { DatePipe, formatDate } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { BillingOverview, PlanView, SelfServeTier, Tier } from '@apex/contracts';
import { SELF_SERVE_TIERS } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { AuthService } from '../../core/auth/auth.service';
import { problemMessage } from '../../core/problem-message';
import { BillingApi } from './billing-api';
import { confirmBillingChange } from './billing-confirm.dialog';
import { organizationPriceRule, paymentMethodLabel, planPriceRule, subscriptionStatusLabel, trialTimeLeft } from './billing-format';
import { BillingStatus } from './billing-status';
import { InvoicesTable } from './invoices-table';
import { OwnersNote } from './owners-note';
import { PeriodEstimate } from './period-estimate';
import { RedirectRefused, StripeRedirect } from './stripe-redirect';

/** After Stripe Checkout the subscription arrives by webhook: the page looks again this often, this many times. */
export const CHECKOUT_POLL_MS = 3000;
export const CHECKOUT_POLLS = 10;

const capitalized = (tier: string) => tier.charAt(0).toUpperCase() + tier.slice(1);
const isSelfServe = (tier: Tier): tier is SelfServeTier => (SELF_SERVE_TIERS as readonly Tier[]).includes(tier);

/**
 * The organisation's billing: plan and status, its price rule and this period's estimate from measured AI
 * spend, payment method, invoices, plan changes and cancellation. With payments off it still shows the plan and
 * says why nothing can change.
 */
@Component({
  selector: 'apex-billing-page',
  imports: [DatePipe, RouterLink, MatButtonModule, MatCardModule, MatProgressBarModule, InvoicesTable, OwnersNote, PeriodEstimate],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page billing-page" aria-labelledby="billing-title">
      <h1 id="billing-title">Billing</h1>
      <p class="lede">What {{ me()?.organization?.name ?? 'your organisation' }} pays for Apex, and how.</p>

      <div aria-live="polite">
        @if (actionError(); as message) {
          <div class="banner banner--error" role="alert" data-testid="billing-error">{{ message }}</div>
        }
        @if (notice(); as message) {
          <div class="banner banner--success" data-testid="billing-notice">{{ message }}</div>
        } @else if (checkoutNotice(); as message) {
          <div class="banner banner--success" data-testid="checkout-notice">{{ message }}</div>
        }
      </div>

      @if (loadError(); as message) {
        <div class="banner banner--error" role="alert">
          {{ message }} <button mat-button type="button" (click)="reload()">Try again</button>
        </div>
      } @else if (overview(); as o) {
        @if (!o.paymentsEnabled) {
          <div class="banner" data-testid="payments-disabled">
            <strong>Billing is not available right now.</strong> Payments are turned off on Apex for the moment, so plans cannot be
            bought, changed or cancelled here, and nothing is charged. Your current plan keeps working as it is.
          </div>
        } @else if (!isOwner()) {
          <apex-owners-note action="change the plan or how Apex is paid" />
        }

        <mat-card appearance="outlined" class="card plan" data-testid="billing-plan">
          <h2>Plan</h2>
          <p class="plan-name">
            <span data-testid="plan-name">{{ planName(o.tier) }}</span>
            @if (planState(); as state) {
              <span class="badge" data-testid="plan-status">{{ state }}</span>
            }
          </p>
          @if (o.trial; as trial) {
            <p data-testid="trial-state">
              Free trial: {{ daysLeft() }}, until {{ trial.endsAt | date: 'd MMM y, HH:mm' }}.
              @if (!o.subscription) {
                Without a payment method your organisation moves back to Free when it ends.
              }
            </p>
          }
          @if (o.cancelAtPeriodEnd) {
            <p class="cancellation" data-testid="cancellation">
              {{ planName(o.tier) }} ends on {{ endsOn() | date: 'd MMM y' }}. Your organisation then moves to Free, and nothing more
              is charged.
            </p>
          } @else if (o.subscription?.currentPeriodEnd; as periodEnd) {
            <p class="muted" data-testid="renewal">
              @if (o.subscription?.status === 'trialing') {
                The first payment is on {{ periodEnd | date: 'd MMM y' }}, when the trial ends.
              } @else {
                Renews on {{ periodEnd | date: 'd MMM y' }}.
              }
            </p>
          }
          <p data-testid="price-rule">
            @if (o.priceRule.rule === 'contract') {
              @if (ruleText(); as rule) {
                Your Enterprise contract: {{ rule }}.
              } @else {
                Your Enterprise contract terms are not set yet; Apex sales agree them with you.
              }
            } @else {
              Price: {{ ruleText() }}.
            }
          </p>

          @if (canChange()) {
            <div class="actions">
              @if (o.subscription && o.tier !== 'enterprise' && !o.cancelAtPeriodEnd) {
                @for (plan of changeTargets(); track plan.tier) {
                  <button mat-stroked-button type="button" [disabled]="busy() !== null" (click)="changePlan(plan)">Switch to {{ plan.name }}</button>
                }
                <button mat-button type="button" class="danger-text" [disabled]="busy() !== null" (click)="cancel()">Cancel subscription</button>
              } @else if (!o.subscription && o.tier !== 'enterprise') {
                <a mat-flat-button routerLink="/app/upgrade">{{ o.trial ? 'Keep ' + planName(o.tier) + ' after the trial' : 'Compare plans and upgrade' }}</a>
              }
            </div>
          }
        </mat-card>

        <div class="columns">
          <mat-card appearance="outlined" class="card" data-testid="billing-estimate">
            <h2>This period</h2>
            <apex-period-estimate [overview]="o" [rule]="ruleText()" />
          </mat-card>

          <mat-card appearance="outlined" class="card" id="payment-method" data-testid="billing-payment-method">
            <h2>Payment method</h2>
            @if (o.paymentMethod; as method) {
              <p class="method" data-testid="payment-method">{{ methodLabel(method) }}</p>
            } @else {
              <p data-testid="payment-method">No payment method on file.</p>
              @if (o.trial) {
                <p class="muted">Add one before your trial ends to keep {{ planName(o.tier) }}.</p>
              }
            }
            @if (canChange()) {
              <div class="actions">
                <button mat-flat-button type="button" [disabled]="busy() !== null" (click)="openCustomerPortal()">
                  Manage payment methods and invoices
                </button>
              </div>
              <p class="muted fine">Opens Stripe's customer portal: cards, billing details and every invoice.</p>
            }
          </mat-card>
        </div>

        <h2 class="invoices-title">Invoices</h2>
        <apex-invoices-table [invoices]="o.invoices" />
      } @else {
        <mat-progress-bar mode="indeterminate" aria-label="Loading billing" />
      }
    </section>
  `,
  styleUrl: './billing.css',
  styles: `
    .plan { margin-bottom: 16px; }
    .plan p { margin: 0 0 8px; }
    .plan-name { display: flex; align-items: center; gap: 12px; font: var(--mat-sys-headline-small); }
    .cancellation { font: var(--mat-sys-title-small); color: var(--mat-sys-error); }
    .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; margin-bottom: 32px; }
    .method { margin: 0; font: var(--mat-sys-title-medium); }
    .card .fine { margin: 8px 0 0; font: var(--mat-sys-body-small); }
    #payment-method { scroll-margin-top: 96px; }
    .invoices-title { margin-top: 8px; }
  `,
})
export class BillingPage {
  private readonly api = inject(BillingApi);
  private readonly status = inject(BillingStatus);
  private readonly client = inject(ApiClient);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly redirect = inject(StripeRedirect);

  /** `?checkout=success` when Stripe Checkout sends the owner back. */
  readonly checkout = input<string | undefined>(undefined);

  protected readonly me = this.auth.me;
  protected readonly overview = signal<BillingOverview | null>(null);
  protected readonly plans = signal<PlanView[] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly busy = signal<'portal' | 'change' | 'cancel' | null>(null);

  protected readonly isOwner = computed(() => this.me()?.role === 'owner');
  protected readonly canChange = computed(() => this.isOwner() && this.overview()?.paymentsEnabled === true);
  protected readonly ruleText = computed(() => {
    const overview = this.overview();
    return overview ? organizationPriceRule(overview.priceRule) : null;
  });
  protected readonly planState = computed(() => {
    const overview = this.overview();
    if (!overview) return null;
    if (overview.trial) return 'Trial';
    if (overview.subscription) return subscriptionStatusLabel(overview.subscription.status);
    return overview.tier === 'enterprise' ? 'By contract' : null;
  });
  protected readonly daysLeft = computed(() => {
    const trial = this.overview()?.trial;
    return trial ? trialTimeLeft(trial) : '';
  });
  protected readonly endsOn = computed(() => this.overview()?.subscription?.currentPeriodEnd ?? null);
  /** The other self-serve plans a running subscription can move to. */
  protected readonly changeTargets = computed(() => {
    const current = this.overview()?.subscription?.tier;
    return (this.plans() ?? []).filter((plan) => isSelfServe(plan.tier) && plan.tier !== current);
  });
  protected readonly checkoutNotice = computed(() => {
    if (this.checkout() !== 'success') return null;
    const subscription = this.overview()?.subscription;
    return subscription
      ? `Thank you: Stripe confirmed your subscription to ${this.planName(subscription.tier)}.`
      : 'Thank you: Stripe is confirming your subscription. This page updates as soon as it has.';
  });

  private pollTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.pollTimer));
    this.client.plans().subscribe({
      next: (plans) => this.plans.set([...plans].sort((a, b) => a.rank - b.rank)),
      // Without the plans the page still works; it only cannot offer plan changes or name them.
      error: () => undefined,
    });
    this.load(0);
  }

  protected planName(tier: Tier): string {
    return this.plans()?.find((plan) => plan.tier === tier)?.name ?? capitalized(tier);
  }

  protected methodLabel(method: { brand: string | null; last4: string | null }): string {
    return paymentMethodLabel(method);
  }

  protected reload(): void {
    this.loadError.set(null);
    this.load(0);
  }

  private load(attempt: number): void {
    clearTimeout(this.pollTimer);
    this.status.load().subscribe({
      next: (overview) => {
        this.overview.set(overview);
        this.loadError.set(null);
        const me = this.me();
        // The plan may have changed by webhook since the session was read: the toolbar and plan pages follow.
        if (me && me.organization.tier !== overview.tier) this.auth.reloadMe().catch(() => undefined);
        if (this.checkout() === 'success' && !overview.subscription && attempt < CHECKOUT_POLLS) {
          this.pollTimer = setTimeout(() => this.load(attempt + 1), CHECKOUT_POLL_MS);
        }
      },
      error: (error: unknown) => {
        if (!this.overview()) this.loadError.set(problemMessage(error));
      },
    });
  }

  protected openCustomerPortal(): void {
    this.start('portal');
    this.api.customerPortal().subscribe({
      next: ({ url }) => this.follow(url),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected changePlan(target: PlanView): void {
    const overview = this.overview();
    if (!overview?.subscription || !isSelfServe(target.tier)) return;
    const current = this.planName(overview.subscription.tier);
    const tier = target.tier;
    confirmBillingChange(this.dialog, {
      title: `Switch to ${target.name}?`,
      paragraphs: [
        `Your subscription moves from ${current} to ${target.name} now, prorated: Stripe credits the unused part of this period on ${current} and charges the rest of the period on ${target.name}.`,
        `From then on ${target.name} costs ${planPriceRule(target.pricing)}.`,
      ],
      confirm: `Switch to ${target.name}`,
      dismiss: `Keep ${current}`,
      destructive: false,
    }).subscribe(() => {
      this.start('change');
      this.api.changePlan(tier).subscribe({
        next: () => {
          this.busy.set(null);
          this.notice.set(`Stripe is moving your subscription to ${target.name}, prorated. Your plan shows ${target.name} as soon as Stripe confirms it.`);
          this.load(0);
        },
        error: (error: unknown) => this.fail(error),
      });
    });
  }

  protected cancel(): void {
    const overview = this.overview();
    if (!overview?.subscription) return;
    const current = this.planName(overview.subscription.tier);
    const end = overview.subscription.currentPeriodEnd;
    const until = end ? `until ${formatDate(end, 'd MMM y', 'en-US')}` : 'until the end of this period';
    confirmBillingChange(this.dialog, {
      title: 'Cancel at the end of the period?',
      paragraphs: [
        `${current} stays active ${until}. Then your organisation moves to the Free plan and nothing more is charged.`,
        'You can choose a plan again at any time.',
      ],
      confirm: 'Cancel at period end',
      dismiss: `Keep ${current}`,
      destructive: true,
    }).subscribe(() => {
      this.start('cancel');
      this.api.cancelAtPeriodEnd().subscribe({
        next: () => {
          this.busy.set(null);
          this.notice.set(`Your subscription is cancelled at the end of the period. ${current} stays active ${until}.`);
          this.load(0);
        },
        error: (error: unknown) => this.fail(error),
      });
    });
  }

  private start(action: 'portal' | 'change' | 'cancel'): void {
    this.busy.set(action);
    this.actionError.set(null);
    this.notice.set(null);
  }

  private follow(url: string): void {
    try {
      // The page is left behind; the buttons stay disabled until it is.
      this.redirect.go(url);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.busy.set(null);
    this.actionError.set(error instanceof RedirectRefused ? error.message : problemMessage(error));
  }
}
