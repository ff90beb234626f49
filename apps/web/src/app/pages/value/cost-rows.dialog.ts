import { ChangeDetectionStrategy, Component, inject, Injectable, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { COST_BASIS_COLUMN, CostBasis, CostRowsFilter, CostRowsPage, CostRowView } from '@apex/contracts';
import { PageFailure } from '../../core/page-failure';
import { ValueApi } from './value-api';
import { formatCount, formatDay, formatMoney, formatPeriod } from './value-format';

export interface CostRowsDialogData {
  /** What the figure is, e.g. "AI spend · OpenAI · Jan 2025". */
  title: string;
  filter: CostRowsFilter;
  /** The cost column the figure sums, and so the rows' total; the API's default (EffectiveCost) when absent. */
  basis?: CostBasis;
}

const SCOPE_LABEL: Record<CostRowsFilter['scope'], string> = { ai: 'AI spend', other: 'Other cloud spend', all: 'All cloud spend' };

/** Where a row came from, in words: the file and its line, or the connection, its API page and the row on it. */
export function provenanceOf(row: CostRowView): string {
  const source = row.provenance;
  if (source.kind === 'file') return `${source.fileName ?? 'Uploaded file'} · line ${source.sourceRow}`;
  return `${source.connectionName}${source.sourcePage ? ` · page ${source.sourcePage}` : ''} · row ${source.sourceRow}`;
}

function tokensOf(row: CostRowView): string {
  if (row.inputTokens === null && row.outputTokens === null) return '—';
  return `${formatCount(row.inputTokens ?? '0')} / ${formatCount(row.outputTokens ?? '0')}`;
}

/** The cost rows behind one figure, with where each came from; their total is the figure. */
@Component({
  selector: 'apex-cost-rows-dialog',
  imports: [MatDialogModule, MatButtonModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="range">{{ range }} · {{ scope }}{{ data.filter.chargeCategory ? ' · ' + data.filter.chargeCategory + ' rows' : '' }}</p>
      @if (failure.error(); as message) {
        <div class="banner banner--error" role="alert">{{ message }}</div>
      }
      @if (page(); as page) {
        <p class="total" data-testid="rows-total">
          @for (total of page.totals; track total.currency) {
            <span>{{ total.rowCount }} {{ total.rowCount === 1 ? 'row' : 'rows' }} totalling <strong>{{ money(total.amount, total.currency) }}</strong>@if (page.basis) { of {{ column(page.basis) }} }</span>
          } @empty {
            <span>No cost rows.</span>
          }
        </p>
        @if (rows().length > 0) {
          <div class="scroll">
            <table>
              <caption class="visually-hidden">Cost rows behind the figure</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Charge</th>
                  <th scope="col">Provider · service</th>
                  <th scope="col">Model</th>
                  <th scope="col">Resource</th>
                  <th scope="col" class="num">Tokens in / out</th>
                  <th scope="col" class="num">Effective cost</th>
                  <th scope="col" class="num">Billed cost</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                @for (row of rows(); track row.id) {
                  <tr data-testid="cost-row">
                    <td class="nowrap">{{ day(row.chargePeriodStart.slice(0, 10)) }}</td>
                    <td>{{ row.chargeCategory }}</td>
                    <td>{{ row.providerName }}{{ row.serviceName ? ' · ' + row.serviceName : '' }}</td>
                    <td class="wrap">{{ row.model ?? '—' }}</td>
                    <td class="wrap">{{ row.resourceName ?? row.resourceId ?? '—' }}</td>
                    <td class="num">{{ tokens(row) }}</td>
                    <td class="num" data-testid="row-effective-cost">{{ money(row.effectiveCost, row.billingCurrency) }}</td>
                    <td class="num">{{ money(row.billedCost, row.billingCurrency) }}</td>
                    <td class="nowrap" data-testid="row-source">{{ provenance(row) }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
        @if (page.next) {
          <button mat-button type="button" (click)="more()" [disabled]="loading()">Show more rows</button>
        }
      }
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading cost rows" />
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close type="button">Close</button>
    </mat-dialog-actions>
  `,
  styleUrls: ['../../shared/data-table.css'],
  styles: `
    .range { margin: 0 0 4px; color: var(--mat-sys-on-surface-variant); }
    .total { margin: 0 0 12px; font: var(--mat-sys-body-large); }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .nowrap { white-space: nowrap; }
    .wrap { max-width: 150px; overflow-wrap: anywhere; }
    table { font: var(--mat-sys-body-small); }
    th, td { padding: 6px 8px; }
  `,
})
export class CostRowsDialog {
  protected readonly data = inject<CostRowsDialogData>(MAT_DIALOG_DATA);
  private readonly api = inject(ValueApi);

  protected readonly page = signal<CostRowsPage | null>(null);
  protected readonly rows = signal<CostRowView[]>([]);
  protected readonly loading = signal(false);
  protected readonly failure = new PageFailure();
  protected readonly range = formatPeriod(this.data.filter.from, this.data.filter.to);
  protected readonly scope = SCOPE_LABEL[this.data.filter.scope];
  protected readonly column = (basis: CostBasis) => COST_BASIS_COLUMN[basis];
  protected readonly money = formatMoney;
  protected readonly day = formatDay;
  protected readonly tokens = tokensOf;
  protected readonly provenance = provenanceOf;

  constructor() {
    this.load();
  }

  protected more(): void {
    this.load(this.page()?.next ?? undefined);
  }

  private load(cursor?: string): void {
    this.loading.set(true);
    this.api.rows(this.data.filter, cursor, this.data.basis).subscribe({
      next: (page) => {
        this.page.set(page);
        this.rows.update((rows) => [...rows, ...page.items]);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.show(error);
        this.loading.set(false);
      },
    });
  }
}

/** Opens the rows behind a figure. */
@Injectable({ providedIn: 'root' })
export class CostRowsDrillDown {
  private readonly dialog = inject(MatDialog);

  open(title: string, filter: CostRowsFilter, basis?: CostBasis): void {
    this.dialog.open<CostRowsDialog, CostRowsDialogData>(CostRowsDialog, { data: { title, filter, basis }, width: '1080px', maxWidth: '96vw', autoFocus: 'dialog' });
  }
}
