import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { BillingOverview, Feature, PlanView, SelfServeTier, TrialView } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { AuthService } from '../../core/auth/auth.service';
import { FEATURE_LABELS, priceParts, runAllowance } from '../../core/format/plan-format';
import { problemMessage } from '../../core/problem-message';
import { BillingApi } from '../billing/billing-api';
import { planPriceRule, trialTimeLeft } from '../billing/billing-format';
import { BillingStatus } from '../billing/billing-status';
import { OwnersNote } from '../billing/owners-note';
import { RedirectRefused, StripeRedirect } from '../billing/stripe-redirect';
import { addedFeatures, offerAction, OfferAction, trialAvailable } from './offer-action';

/**
 * The plans side by side, priced by the rules GET /plans serves, with the way to each: Stripe Checkout for
 * Early and Mid (owners), the organisation's one trial of Early, and sales for Enterprise.
 */
@Component({
  selector: 'apex-upgrade-page',
  imports: [RouterLink, MatButtonModule, MatCardModule, MatProgressBarModule, OwnersNote],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page billing-page" aria-labelledby="upgrade-title">
      <h1 id="upgrade-title">Upgrade</h1>
      <p class="lede">
        Paid plans cost their flat monthly price or a share of the AI spend Apex measures for you that month, whichever is less.
        While no AI spend is measured, the flat price applies.
      </p>

      <div aria-live="polite">
        @if (error(); as message) {
          <div class="banner banner--error" role="alert" data-testid="upgrade-error">{{ message }}</div>
        }
        @if (notice(); as message) {
          <div class="banner banner--success" data-testid="upgrade-notice">{{ message }}</div>
        } @else if (checkout() === 'cancelled') {
          <div class="banner" data-testid="checkout-cancelled">Checkout was cancelled; nothing was charged.</div>
        }
      </div>

      @if (overview(); as o) {
        @if (!o.paymentsEnabled) {
          <div class="banner" data-testid="payments-disabled">
            <strong>Buying a plan is not available right now.</strong> Payments are turned off on Apex for the moment, so nothing
            can be bought here and nothing is charged. Your current plan keeps working as it is.
          </div>
        } @else if (!isOwner()) {
          <apex-owners-note action="buy a plan or start a trial" />
        }
      }

      @if (showTrial()) {
        <mat-card appearance="outlined" class="card trial-offer" data-testid="trial-offer">
          <div>
            <h2>Try {{ trialPlanName() }} free</h2>
            <p>
              Every {{ trialPlanName() }} feature, with no payment method needed to start. Add one during the trial to keep
              {{ trialPlanName() }}; without one your organisation moves back to Free when it ends. One trial per organisation.
            </p>
          </div>
          @if (isOwner()) {
            <button mat-flat-button type="button" [disabled]="busy() !== null" (click)="startTrial()">Start {{ overview()?.trialDays }}-day {{ trialPlanName() }} trial</button>
          }
        </mat-card>
      }

      @if (plansError(); as message) {
        <div class="banner banner--error" role="alert">
          We could not load the plans. {{ message }} <button mat-button type="button" (click)="loadPlans()">Try again</button>
        </div>
      } @else if (plans(); as plans) {
        <ul class="tiers" role="list">
          @for (plan of plans; track plan.tier; let first = $first) {
            @let price = priceOf(plan);
            @let action = actionOf(plan);
            <li>
              <mat-card appearance="outlined" class="tier" [class.current]="plan.tier === currentTier()" [attr.data-tier]="plan.tier">
                <div class="tier-head">
                  <h2>{{ plan.name }}</h2>
                  @if (plan.tier === currentTier()) {
                    <span class="badge" data-testid="current-plan">Your plan{{ trial() ? ' · trial' : '' }}</span>
                  }
                </div>
                <p class="price">{{ price.amount }}@if (price.unit) {<span class="unit">{{ price.unit }}</span>}</p>
                <p class="rule" data-testid="price-rule">{{ ruleOf(plan) }}</p>
                <p class="allowance">{{ allowanceOf(plan) }}</p>
                <p class="includes">{{ first ? 'Includes' : 'Everything in ' + below(plan) + ', plus' }}</p>
                <ul class="features">
                  @for (feature of featuresOf(plan); track feature) {
                    <li>{{ label(feature) }}</li>
                  }
                </ul>
                <div class="tier-action">
                  @if (action.kind === 'checkout') {
                    @if (action.hint; as hint) {
                      <p class="hint">{{ hint }}</p>
                    }
                    <button mat-flat-button type="button" [disabled]="busy() !== null" (click)="buy(action.tier)">
                      {{ busy() === action.tier ? 'Opening Stripe Checkout…' : action.label }}
                    </button>
                  } @else if (action.kind === 'switch') {
                    <a mat-stroked-button routerLink="/app/billing">{{ action.label }}</a>
                  } @else if (action.kind === 'sales') {
                    <a mat-stroked-button routerLink="/enterprise">Talk to sales</a>
                  }
                </div>
              </mat-card>
            </li>
          }
        </ul>
        <p class="more muted">Every feature side by side: <a routerLink="/plans">compare plans</a>.</p>
      } @else {
        <mat-progress-bar mode="indeterminate" aria-label="Loading plans" />
      }
    </section>
  `,
  styleUrl: '../billing/billing.css',
  styles: `
    .trial-offer { flex-flow: row wrap; align-items: center; justify-content: space-between; gap: 12px 24px; margin-bottom: 24px; border-color: var(--mat-sys-primary); background: var(--mat-sys-surface-container-low); }
    .trial-offer div { flex: 1 1 48ch; }
    .trial-offer p { margin: 0; }
    .tiers { display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 16px; margin: 0; padding: 0; list-style: none; }
    .tier { height: 100%; box-sizing: border-box; padding: 20px; display: flex; flex-direction: column; }
    .tier.current { border-color: var(--mat-sys-primary); border-width: 2px; }
    .tier-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
    .tier-head h2 { margin: 0; }
    .price { margin: 12px 0 4px; font: var(--mat-sys-headline-large); font-weight: 600; }
    .unit { margin-left: 2px; font: var(--mat-sys-title-medium); opacity: 0.75; }
    .rule { margin: 0 0 12px; min-height: 3em; }
    .allowance { margin: 0 0 12px; font: var(--mat-sys-title-small); }
    .includes { margin: 0 0 4px; font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    .features { flex: 1; margin: 0 0 16px; padding-left: 20px; }
    .tier-action:empty { display: none; }
    .hint { margin: 0 0 8px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .more { margin-top: 24px; }
  `,
})
export class UpgradePage {
  private readonly api = inject(BillingApi);
  private readonly client = inject(ApiClient);
  private readonly status = inject(BillingStatus);
  private readonly auth = inject(AuthService);
  private readonly redirect = inject(StripeRedirect);

  /** `?checkout=cancelled` when the owner leaves Stripe Checkout without paying. */
  readonly checkout = input<string | undefined>(undefined);

  protected readonly plans = signal<PlanView[] | null>(null);
  protected readonly plansError = signal<string | null>(null);
  protected readonly overview = signal<BillingOverview | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  /** The tier whose checkout is opening, or 'trial'. */
  protected readonly busy = signal<SelfServeTier | 'trial' | null>(null);

  protected readonly isOwner = computed(() => this.auth.me()?.role === 'owner');
  protected readonly currentTier = computed(() => this.overview()?.tier ?? this.auth.me()?.organization.tier ?? null);
  protected readonly trial = computed<TrialView | null>(() => this.overview()?.trial ?? null);
  protected readonly showTrial = computed(() => trialAvailable(this.overview()));
  /** The trial is of Early, named as GET /plans names it. */
  protected readonly trialPlanName = computed(() => this.plans()?.find((plan) => plan.tier === 'early')?.name ?? 'Early');

  constructor() {
    this.loadPlans();
    this.loadOverview();
  }

  protected loadPlans(): void {
    this.plansError.set(null);
    this.client.plans().subscribe({
      next: (plans) => this.plans.set([...plans].sort((a, b) => a.rank - b.rank)),
      error: (error: unknown) => this.plansError.set(problemMessage(error)),
    });
  }

  private loadOverview(): void {
    this.status.load().subscribe({
      next: (overview) => this.overview.set(overview),
      error: (error: unknown) => this.error.set(`We could not load your billing, so nothing can be bought right now. ${problemMessage(error)}`),
    });
  }

  protected priceOf(plan: PlanView) {
    return priceParts(plan.pricing);
  }

  protected ruleOf(plan: PlanView): string {
    return planPriceRule(plan.pricing);
  }

  protected allowanceOf(plan: PlanView): string {
    return runAllowance(plan.runLimit, plan.windowSeconds);
  }

  protected featuresOf(plan: PlanView): Feature[] {
    return addedFeatures(this.plans() ?? [], plan);
  }

  protected below(plan: PlanView): string {
    const plans = this.plans() ?? [];
    return plans.filter((other) => other.rank < plan.rank).sort((a, b) => b.rank - a.rank)[0]?.name ?? '';
  }

  protected label(feature: Feature): string {
    return FEATURE_LABELS[feature]?.label ?? feature;
  }

  protected actionOf(plan: PlanView): OfferAction {
    return offerAction(plan, this.overview(), this.isOwner());
  }

  protected buy(tier: SelfServeTier): void {
    this.busy.set(tier);
    this.error.set(null);
    this.notice.set(null);
    this.api.checkout(tier).subscribe({
      next: ({ url }) => {
        try {
          // The page is left behind for Stripe Checkout; the buttons stay disabled until it is.
          this.redirect.go(url);
        } catch (error) {
          this.fail(error);
        }
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected startTrial(): void {
    this.busy.set('trial');
    this.error.set(null);
    this.notice.set(null);
    this.api.startTrial().subscribe({
      next: ({ trial }) => {
        this.busy.set(null);
        this.notice.set(`Your ${this.trialPlanName()} trial has started: ${trialTimeLeft(trial)}. Every ${this.trialPlanName()} feature is yours now.`);
        this.loadOverview();
        this.auth.reloadMe().catch(() => undefined);
      },
      error: (error: unknown) => {
        this.fail(error);
        // The answer may mean the trial is no longer on offer (used, or turned off): show what the API says now.
        this.loadOverview();
      },
    });
  }

  private fail(error: unknown): void {
    this.busy.set(null);
    this.error.set(error instanceof RedirectRefused ? error.message : problemMessage(error));
  }
}
