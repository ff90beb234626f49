import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { OrganizationPlanView, OrganizationSummary } from '@apex/contracts';
import { runAllowance } from '../../core/format/plan-format';
import { contractSummary, tierName } from './admin-format';

/** What an operator needs to know of an organisation before selling it a contract: plan, allowance, billing. */
@Component({
  selector: 'apex-organization-details',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="facts" data-testid="organization-details">
      <div>
        <dt>Plan</dt>
        <dd data-testid="org-plan">{{ tierName(plan().tier) }}</dd>
      </div>
      <div>
        <dt>Runs</dt>
        <dd data-testid="org-runs">{{ allowance() }}</dd>
      </div>
      <div>
        <dt>Owner</dt>
        <dd>{{ organization().ownerEmail ?? 'No owner' }}</dd>
      </div>
      <div>
        <dt>Members</dt>
        <dd>{{ organization().memberCount }}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{{ organization().createdAt | date: 'd MMM y' }}</dd>
      </div>
      <div>
        <dt>Stripe customer</dt>
        <dd data-testid="org-stripe-customer">
          @if (organization().stripeCustomerId; as customer) {
            <code>{{ customer }}</code>
          } @else {
            <span class="muted">None yet</span>
          }
        </dd>
      </div>
      <div class="wide">
        <dt>Contract</dt>
        <dd data-testid="org-contract">
          @if (contract(); as terms) {
            {{ terms }}
          } @else {
            <span class="muted">No Enterprise contract</span>
          }
        </dd>
      </div>
      @if (plan().terms?.contractSubscriptionId; as subscription) {
        <div class="wide">
          <dt>Contract billed on</dt>
          <dd data-testid="org-contract-subscription"><code>{{ subscription }}</code></dd>
        </div>
      }
      <div class="wide">
        <dt>Organisation ID</dt>
        <dd><code>{{ organization().id }}</code></dd>
      </div>
    </dl>
  `,
  styles: `
    .facts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px 24px; margin: 0; }
    .wide { grid-column: 1 / -1; }
    dt { margin-bottom: 2px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-label-medium); }
    dd { margin: 0; font: var(--mat-sys-body-large); overflow-wrap: anywhere; }
    code { font: var(--mat-sys-body-medium); font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class OrganizationDetails {
  readonly organization = input.required<OrganizationSummary>();
  readonly plan = input.required<OrganizationPlanView>();

  protected readonly tierName = tierName;
  protected readonly allowance = computed(() => {
    const { runLimit, windowSeconds } = this.plan().entitlements;
    return runAllowance(runLimit, windowSeconds);
  });
  protected readonly contract = computed(() => {
    const terms = this.plan().terms;
    return terms?.contractPercent && terms.contractMinimumCents !== null ? contractSummary(terms.contractPercent, terms.contractMinimumCents) : null;
  });
}
