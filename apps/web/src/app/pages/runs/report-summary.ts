import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import type { RunReport } from '@apex/contracts';
import { formatMoney, formatRange } from '../value/value-format';

/** The report's summary, who wrote it, and the potential a month it adds up to, with what it was priced from. */
@Component({
  selector: 'apex-report-summary',
  imports: [MatCardModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="top">
      <mat-card appearance="outlined" class="card">
        <h2>Summary</h2>
        <p class="summary" data-testid="report-summary">{{ report().summary }}</p>
        <p class="source" data-testid="summary-source">{{ source() }}</p>
        @if (report().narrative?.discarded; as why) {
          <p class="source">A language model's text was set aside: {{ why }}</p>
        }
      </mat-card>
      <mat-card appearance="outlined" class="card potential" data-testid="report-potential">
        <h2>Potential monthly savings</h2>
        @for (figure of report().potentialMonthlySavings; track figure.currency) {
          <p class="amount" data-testid="potential-amount">{{ money(figure.amount, figure.currency) }}</p>
        } @empty {
          <p class="amount">—</p>
        }
        <p class="muted">If the findings below are carried out as expected. A potential, not a measured saving: only a proof verifies one.</p>
        <p class="muted" data-testid="price-book-version">
          {{ report().priceBookVersion === null ? 'No price book was in force.' : 'Priced with price book version ' + report().priceBookVersion + '.' }}
        </p>
        @for (profile of recent(); track profile.currency) {
          <p class="muted">{{ range(profile.from, profile.to) }}: {{ money(profile.aiSpend, profile.currency) }} of AI spend in {{ profile.rowCount }} cost rows.</p>
        }
      </mat-card>
    </div>
  `,
  styles: `
    .top { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; }
    @media (max-width: 900px) { .top { grid-template-columns: 1fr; } }
    .card { padding: 20px 24px; }
    h2 { margin: 0 0 8px; font: var(--mat-sys-title-large); }
    p { margin: 0 0 6px; }
    .summary { font: var(--mat-sys-body-large); white-space: pre-line; }
    .source, .muted { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .amount { margin: 4px 0 8px; font: var(--mat-sys-display-small); color: var(--mat-sys-primary); font-variant-numeric: tabular-nums; }
  `,
})
export class ReportSummary {
  readonly report = input.required<RunReport>();

  protected readonly source = computed(() => {
    const report = this.report();
    if (report.summarySource === 'model') {
      const model = report.narrative?.model;
      return `Written by a language model${model ? ` (${model})` : ''} around the figures Apex computed.`;
    }
    return 'Written from a template of the figures Apex computed.';
  });
  /** The window the findings are figured from: the 30 days up to the last charge day, per currency. */
  protected readonly recent = computed(() => {
    const profiles = this.report().profiles;
    const shortest = Math.min(...profiles.map((p) => p.windowDays));
    return profiles.filter((p) => p.windowDays === shortest);
  });
  protected readonly money = formatMoney;
  protected readonly range = formatRange;
}
