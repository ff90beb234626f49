import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { Feature, PlanView, Tier } from '@apex/contracts';
import { FEATURES } from '@apex/contracts';
import { FEATURE_LABELS, priceSummary, runAllowance } from '../../core/format/plan-format';

/** Features down the side, tiers across the top, a tick where a tier includes a feature. */
@Component({
  selector: 'apex-plan-comparison-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="scroll">
      <table>
        <caption class="visually-hidden">Features included in each plan</caption>
        <thead>
          <tr>
            <th scope="col"><span class="visually-hidden">Feature</span></th>
            @for (plan of plans(); track plan.tier) {
              <th scope="col" [class.current]="plan.tier === currentTier()">{{ plan.name }}</th>
            }
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Price</th>
            @for (plan of plans(); track plan.tier) {
              <td [class.current]="plan.tier === currentTier()" [attr.data-price]="plan.tier">{{ price(plan) }}</td>
            }
          </tr>
          <tr>
            <th scope="row">Runs</th>
            @for (plan of plans(); track plan.tier) {
              <td [class.current]="plan.tier === currentTier()">{{ allowance(plan) }}</td>
            }
          </tr>
          @for (feature of features(); track feature) {
            <tr>
              <th scope="row">{{ label(feature) }}</th>
              @for (plan of plans(); track plan.tier) {
                <td [class.current]="plan.tier === currentTier()">
                  @if (plan.features.includes(feature)) {
                    <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z" /></svg>
                    <span class="visually-hidden">Included</span>
                  } @else {
                    <span aria-hidden="true" class="none">—</span>
                    <span class="visually-hidden">Not included</span>
                  }
                </td>
              }
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styleUrl: '../../shared/data-table.css',
  styles: `
    th, td { padding: 10px 16px; text-align: center; }
    th[scope='row'] { text-align: left; }
    td[data-price] { max-width: 200px; white-space: normal; font: var(--mat-sys-body-small); }
    .current { background: color-mix(in srgb, var(--mat-sys-primary) 8%, transparent); }
    svg { width: 20px; height: 20px; fill: var(--mat-sys-primary); vertical-align: middle; }
    .none { color: var(--mat-sys-outline); }
  `,
})
export class PlanComparisonTable {
  readonly plans = input.required<PlanView[]>();
  readonly currentTier = input<Tier | null>(null);

  /** Only the features some plan includes, in the catalogue's order. */
  protected readonly features = computed(() => FEATURES.filter((f) => this.plans().some((p) => p.features.includes(f))));

  protected label(feature: Feature): string {
    return FEATURE_LABELS[feature]?.label ?? feature;
  }

  protected price(plan: PlanView): string {
    return priceSummary(plan.pricing);
  }

  protected allowance(plan: PlanView): string {
    return runAllowance(plan.runLimit, plan.windowSeconds);
  }
}
