import { ChangeDetectionStrategy, Component, computed, input, linkedSignal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import type { RecommendationView } from '@apex/contracts';
import { formatMoney } from '../value/value-format';
import { defaultScenario, scenarioCondition } from './report-format';

/** The finding's monthly figure for a chosen share of the traffic, from the scenarios the agent priced. */
@Component({
  selector: 'apex-savings-scenarios',
  imports: [MatButtonToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (chosen(); as scenario) {
      <div class="scenarios">
        <mat-button-toggle-group
          [value]="scenario.sharePercent"
          (change)="choose($event.value)"
          [attr.aria-label]="'Share of the traffic for ' + finding().title"
          hideSingleSelectionIndicator
          data-testid="scenario-control"
        >
          @for (option of finding().scenarios; track option.sharePercent) {
            <mat-button-toggle [value]="option.sharePercent">{{ option.sharePercent }} %</mat-button-toggle>
          }
        </mat-button-toggle-group>
        <p class="figure" aria-live="polite" data-testid="scenario-figure">
          {{ condition() }}: <strong>{{ money() }}</strong> a month, potential
        </p>
      </div>
    }
  `,
  styles: `
    .scenarios { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; }
    .figure { margin: 0; font: var(--mat-sys-body-large); }
  `,
})
export class SavingsScenarios {
  readonly finding = input.required<Pick<RecommendationView, 'title' | 'kind' | 'currency' | 'scenarios' | 'monthlySavings'>>();

  protected readonly chosen = linkedSignal(() => defaultScenario(this.finding()));
  protected readonly condition = computed(() => {
    const scenario = this.chosen();
    return scenario ? scenarioCondition(this.finding().kind, scenario.sharePercent) : '';
  });
  protected readonly money = computed(() => {
    const scenario = this.chosen();
    return scenario ? formatMoney(scenario.monthlySavings, this.finding().currency) : '';
  });

  protected choose(sharePercent: number): void {
    const scenario = this.finding().scenarios.find((s) => s.sharePercent === sharePercent);
    if (scenario) this.chosen.set(scenario);
  }
}
