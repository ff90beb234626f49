import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { RunReport as Report } from '@apex/contracts';
import { FindingCard } from './finding-card';
import { LockedFindings } from './locked-findings';
import { NoDataState } from './no-data-state';
import { ReportSummary } from './report-summary';
import { UnpricedModels } from './unpriced-models';

/** What a run found: the summary and its potential, the findings ranked, what could not be priced, what a plan adds. */
@Component({
  selector: 'apex-run-report',
  imports: [FindingCard, LockedFindings, NoDataState, ReportSummary, UnpricedModels],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = report();
    @if (r.status === 'no_data') {
      <apex-no-data-state [summary]="r.summary" />
    } @else {
      <apex-report-summary [report]="r" />
      <apex-locked-findings [locked]="r.locked" />

      <h2 id="findings-title">Findings</h2>
      <p class="hint">Ranked by expected monthly savings, highest first. Each rests on the cost rows under Evidence.</p>
      @for (finding of r.findings; track finding.id) {
        <apex-finding-card [recommendation]="finding" />
      } @empty {
        <p class="hint" data-testid="no-findings">No finding that your data supports.</p>
      }

      @if (r.unpriced.length > 0) {
        <h2 id="unpriced-title">Models without a price</h2>
        <p class="hint">Spend on these model names is not part of any finding: the price book has no price for them.</p>
        <apex-unpriced-models [models]="r.unpriced" [currency]="currency()" />
      }
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 16px; }
    h2 { margin: 16px 0 0; font: var(--mat-sys-title-large); }
    .hint { margin: -8px 0 0; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class RunReport {
  readonly report = input.required<Report>();

  /** The one currency of the analysed spend, when there is only one. */
  protected readonly currency = computed(() => {
    const currencies = new Set(this.report().profiles.map((p) => p.currency));
    return currencies.size === 1 ? [...currencies][0] : null;
  });
}
