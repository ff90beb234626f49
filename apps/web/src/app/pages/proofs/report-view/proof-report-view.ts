import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { LegendPosition, LineChartModule } from '@swimlane/ngx-charts';
import type { ProofReport, PublicProofReportBody } from '@apex/contracts';
import { CHART_SCHEME } from '../../value/chart-colors';
import { ChartWidth } from '../../value/chart-width';
import { chartValue, compactMoneyTicks, formatCount, formatDay, formatMoney } from '../../value/value-format';
import { fractionPercent, plusMinus, VERDICT_WORDS } from '../proof-format';

/** Which of the proof's cost rows a figure sums: the baseline's or the reporting period's, all days or one. */
export interface ProofRowsRequest {
  period: 'baseline' | 'reporting';
  /** YYYY-MM-DD, or null for the whole period. */
  day: string | null;
  /** What the figure is, for the rows' title. */
  label: string;
}

interface LineSeries {
  name: string;
  series: { name: Date; value: number }[];
}

const SERIES = { baseline: 'Baseline (before)', adjusted: 'Adjusted baseline', actual: 'Actual' } as const;

/**
 * A proof's report as its reader sees it: verdict, savings with their uncertainty, the chart of baseline, adjusted
 * baseline and actual by day, adjustments, method, price-book versions and evidence digests. Presentational: with
 * `drillDown` every figure asks for its cost rows through `rows`; without it (a shared link) nothing links anywhere
 * and no internal id is shown.
 */
@Component({
  selector: 'apex-proof-report-view',
  imports: [MatCardModule, LineChartModule, ChartWidth],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = report();
    <mat-card appearance="outlined" class="card verdict" [class]="'verdict--' + r.verdict" data-testid="proof-verdict">
      <p class="verdict-title">{{ verdict().title }}</p>
      <p class="verdict-sentence">{{ verdict().sentence }}</p>
    </mat-card>

    <mat-card appearance="outlined" class="card" data-testid="proof-figures">
      <h2>{{ r.verdict === 'verified' ? 'Savings' : 'Measured difference' }}, {{ day(r.reporting.from) }} – {{ day(r.reporting.to) }}</h2>
      <div class="headline">
        <p class="amount" data-testid="proof-savings">
          @if (drillDown()) {
            <button type="button" class="figure-button" (click)="ask('reporting', null, r.verdict === 'verified' ? 'Savings' : 'Measured difference')">{{ money(r.savings) }}</button>
          } @else {
            {{ money(r.savings) }}
          }
          @if (r.savingsPercent !== null) {
            <span class="per"> ({{ r.savingsPercent }} % of the adjusted baseline)</span>
          }
        </p>
        <p class="band" data-testid="proof-band">
          @if (r.uncertainty.at68 !== null) {
            {{ plusMinus(r.uncertainty.at68) }} at 68 % confidence · {{ plusMinus(r.uncertainty.at90) }} at 90 % confidence
          } @else {
            The uncertainty could not be estimated.
          }
        </p>
      </div>
      <dl class="figures">
        <dt>Adjusted baseline</dt>
        <dd data-testid="proof-adjusted-baseline">
          @if (drillDown()) {
            <button type="button" class="figure-button" (click)="ask('reporting', null, 'Adjusted baseline')">{{ money(r.adjustedBaseline) }}</button>
          } @else {
            {{ money(r.adjustedBaseline) }}
          }
        </dd>
        <dt>Actual</dt>
        <dd data-testid="proof-actual">
          @if (drillDown()) {
            <button type="button" class="figure-button" (click)="ask('reporting', null, 'Actual')">{{ money(r.actual) }}</button>
          } @else {
            {{ money(r.actual) }}
          }
        </dd>
        <dt>Baseline</dt>
        <dd data-testid="proof-baseline-total">
          @if (drillDown()) {
            <button type="button" class="figure-button" (click)="ask('baseline', null, 'Baseline')">{{ money(r.baseline.total) }}</button>
          } @else {
            {{ money(r.baseline.total) }}
          }
          <span class="muted"> over {{ r.baseline.calendarDays }} days, {{ day(r.baseline.from) }} – {{ day(r.baseline.to) }} ({{ r.baseline.coveragePercent }} % of days with cost rows)</span>
        </dd>
        <dt>Uncertainty as a share</dt>
        <dd>{{ fraction(r.uncertainty.fractional68) }} at 68 % · {{ fraction(r.uncertainty.fractional90) }} at 90 %</dd>
      </dl>
    </mat-card>

    @if (lines().length > 0) {
      <mat-card appearance="outlined" class="card">
        <h2>Baseline, adjusted baseline and actual by day</h2>
        @if (drillDown()) {
          <p class="hint">Click a point to see the cost rows of that day.</p>
        }
        <div class="chart" apexChartWidth #frame="chartWidth" data-testid="proof-chart">
          @if (frame.width() > 0) {
            <ngx-charts-line-chart
              [view]="[frame.width(), 320]"
              [results]="lines()"
              [scheme]="scheme"
              [xAxis]="true"
              [yAxis]="true"
              [legend]="true"
              [legendPosition]="legendBelow"
              legendTitle=""
              [yAxisTickFormatting]="axisMoney()"
              [autoScale]="false"
              (select)="selectPoint($event)"
            />
          }
        </div>
      </mat-card>
    }

    @if (r.reporting.readings.length > 0) {
      <mat-card appearance="outlined" class="card">
        <h2>The reporting period, day by day</h2>
        <div class="scroll">
          <table class="days" data-testid="proof-days">
            <caption class="visually-hidden">Each reporting day: actual against the adjusted baseline</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="num">Baseline × volumes</th>
                <th scope="col" class="num">Price-change repricing</th>
                <th scope="col" class="num">Adjusted baseline</th>
                <th scope="col" class="num">Actual</th>
                <th scope="col" class="num">Difference</th>
              </tr>
            </thead>
            <tbody>
              @for (reading of r.reporting.readings; track reading.date) {
                <tr>
                  <td>
                    @if (drillDown()) {
                      <button type="button" class="figure-button" (click)="ask('reporting', reading.date, 'Cost rows of ' + day(reading.date))">{{ day(reading.date) }}</button>
                    } @else {
                      {{ day(reading.date) }}
                    }
                  </td>
                  <td class="num">{{ money(reading.routineBaseline) }}</td>
                  <td class="num">{{ money(reading.nonRoutineAdjustment) }}</td>
                  <td class="num">{{ money(reading.adjustedBaseline) }}</td>
                  <td class="num">{{ money(reading.actual) }}</td>
                  <td class="num">{{ money(reading.savings) }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </mat-card>
    }

    <mat-card appearance="outlined" class="card" data-testid="proof-adjustments">
      <h2>Adjustments and price book</h2>
      <dl class="figures">
        <dt>Volume adjustment</dt>
        <dd>The baseline's unit costs × the reporting period's volumes: {{ money(r.adjustments.routineBaseline) }}, so that more or less traffic is not counted as a saving.</dd>
        <dt>Price-change repricing</dt>
        <dd>
          {{ money(r.adjustments.nonRoutine) }}@if (isZero(r.adjustments.nonRoutine)) {<span>: the provider's prices did not change in the reporting period.</span>} @else {<span>: the baseline repriced at the provider's new prices, so that a price change Apex did not cause is not credited.</span>}
        </dd>
        <dt>Price-book versions</dt>
        <dd data-testid="proof-price-books">Baseline priced at version {{ r.baseline.priceBookVersion }}; reporting period at {{ versions() }}.</dd>
        <dt>Effective rate</dt>
        <dd>{{ r.baseline.effectiveRate ?? '—' }} (the baseline's cost ÷ its cost at list prices)</dd>
      </dl>
      @if (r.baseline.unitCosts.length > 0) {
        <div class="scroll">
          <table class="days">
            <caption class="visually-hidden">Baseline unit costs by model</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col" class="num">Uncached input / 1K</th>
                <th scope="col" class="num">Cached input / 1K</th>
                <th scope="col" class="num">Output / 1K</th>
                <th scope="col" class="num">Per request</th>
              </tr>
            </thead>
            <tbody>
              @for (unit of r.baseline.unitCosts; track unit.model) {
                <tr>
                  <td>{{ unit.model }}</td>
                  <td class="num">{{ unit.uncachedInputPer1k === null ? '—' : money(unit.uncachedInputPer1k) }}</td>
                  <td class="num">{{ unit.cachedInputPer1k === null ? '—' : money(unit.cachedInputPer1k) }}</td>
                  <td class="num">{{ unit.outputPer1k === null ? '—' : money(unit.outputPer1k) }}</td>
                  <td class="num">{{ unit.perRequest === null ? '—' : money(unit.perRequest) }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </mat-card>

    <mat-card appearance="outlined" class="card" data-testid="proof-method">
      <h2>Method</h2>
      <p class="method">{{ r.method }}</p>
    </mat-card>

    <mat-card appearance="outlined" class="card" data-testid="proof-evidence">
      <h2>Evidence</h2>
      <dl class="figures">
        <dt>Baseline rows</dt>
        <dd>
          @if (drillDown()) {
            <button type="button" class="figure-button" (click)="ask('baseline', null, 'Baseline')">{{ count(r.baseline.rowCount) }} cost rows</button>
          } @else {
            {{ count(r.baseline.rowCount) }} cost rows
          }
          <code class="hash">SHA-256 {{ r.baseline.evidenceSha256 }}</code>
        </dd>
        <dt>Reporting rows</dt>
        <dd>
          @if (drillDown()) {
            <button type="button" class="figure-button" (click)="ask('reporting', null, 'Reporting period')">{{ count(r.reporting.rowCount) }} cost rows</button>
          } @else {
            {{ count(r.reporting.rowCount) }} cost rows
          }
          <code class="hash">SHA-256 {{ r.reporting.evidenceSha256 }}</code>
        </dd>
        <dt>Implemented on</dt>
        <dd>{{ day(r.implementedOn) }}</dd>
        <dt>Report generated</dt>
        <dd>{{ r.generatedAt.slice(0, 10) }} {{ r.generatedAt.slice(11, 16) }} UTC</dd>
        @if (drillDown() && ids(); as ids) {
          <dt>Proof</dt>
          <dd><code>{{ ids.proofId }}</code> of recommendation <code>{{ ids.recommendationId }}</code></dd>
        }
      </dl>
    </mat-card>
  `,
  styleUrls: ['../../value/value.css', '../../../shared/data-table.css'],
  styles: `
    :host { display: flex; flex-direction: column; gap: 16px; }
    .verdict { border-left: 6px solid var(--mat-sys-outline); }
    .verdict--verified { border-left-color: var(--mat-sys-primary); background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .verdict--inconclusive, .verdict--insufficient_baseline { border-left-color: var(--mat-sys-tertiary); }
    .verdict--no_savings { border-left-color: var(--mat-sys-error); }
    .verdict-title { margin: 0 0 4px; font: var(--mat-sys-headline-small); }
    .verdict-sentence { margin: 0; font: var(--mat-sys-body-large); }
    .headline { margin: 8px 0 12px; }
    .amount { margin: 0; font: var(--mat-sys-display-small); }
    .per { font: var(--mat-sys-title-medium); color: var(--mat-sys-on-surface-variant); }
    .band { margin: 4px 0 0; font: var(--mat-sys-title-medium); }
    .figures { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 8px 0; }
    dt { color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font-variant-numeric: tabular-nums; }
    dd .muted { margin-left: 8px; }
    .method { margin: 8px 0 0; max-width: 900px; line-height: 1.5; }
    .hash { display: block; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.8em; overflow-wrap: anywhere; color: var(--mat-sys-on-surface-variant); }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85em; }
    .days { font: var(--mat-sys-body-small); }
    .days th, .days td { padding: 6px 8px; }
    h2 { margin-bottom: 4px; }
    /* Room for the legend below the 320px plot. */
    .chart { height: auto; min-height: 360px; }
  `,
})
export class ProofReportView {
  /** A report as signed, or as a share link shows it, without its internal ids. */
  readonly report = input.required<ProofReport | PublicProofReportBody>();
  /** Figures open their cost rows, and internal ids show; false on a shared link. */
  readonly drillDown = input(false);
  /** A figure asked for its cost rows (only with `drillDown`). */
  readonly rows = output<ProofRowsRequest>();

  protected readonly scheme = CHART_SCHEME;
  protected readonly legendBelow = LegendPosition.Below;
  protected readonly ids = computed(() => {
    const report = this.report();
    return 'proofId' in report ? { proofId: report.proofId, recommendationId: report.recommendationId } : null;
  });
  protected readonly verdict = computed(() => VERDICT_WORDS[this.report().verdict]);
  protected readonly versions = computed(() => this.report().adjustments.priceBookVersions.map((v) => `version ${v}`).join(', ') || 'no version (nothing measured)');
  protected readonly axisMoney = computed(() => compactMoneyTicks(this.report().currency));
  protected readonly day = formatDay;
  protected readonly count = (n: number) => formatCount(String(n));
  protected readonly fraction = fractionPercent;

  protected readonly lines = computed<LineSeries[]>(() => {
    const r = this.report();
    const at = (date: string) => new Date(`${date}T00:00:00Z`);
    const lines: LineSeries[] = [
      { name: SERIES.baseline, series: r.baseline.daily.map((d) => ({ name: at(d.date), value: chartValue(d.actual) })) },
      { name: SERIES.adjusted, series: r.reporting.readings.map((d) => ({ name: at(d.date), value: chartValue(d.adjustedBaseline) })) },
      { name: SERIES.actual, series: r.reporting.readings.map((d) => ({ name: at(d.date), value: chartValue(d.actual) })) },
    ];
    return lines.filter((line) => line.series.length > 0);
  });

  protected money(amount: string): string {
    return formatMoney(amount, this.report().currency);
  }

  protected plusMinus(amount: string | null): string {
    return plusMinus(amount, this.report().currency);
  }

  protected isZero(amount: string): boolean {
    return /^-?0(\.0*)?$/.test(amount);
  }

  protected ask(period: ProofRowsRequest['period'], day: string | null, label: string): void {
    if (this.drillDown()) this.rows.emit({ period, day, label });
  }

  protected selectPoint(event: { name?: unknown; series?: string }): void {
    if (!(event.name instanceof Date) || !event.series) return;
    const date = event.name.toISOString().slice(0, 10);
    const period = event.series === SERIES.baseline ? 'baseline' : 'reporting';
    this.ask(period, date, `${event.series} · ${formatDay(date)}`);
  }
}
