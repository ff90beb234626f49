import { ChangeDetectionStrategy, Component, inject, Injectable } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import type { CostRowsFilter, ProofEvidenceFilters } from '@apex/contracts';
import { CostRowsDrillDown } from '../value/cost-rows.dialog';
import { addDays } from '../value/value-format';
import type { ProofRowsRequest } from './report-view/proof-report-view';

interface ChooserData {
  title: string;
  filters: CostRowsFilter[];
}

/** A figure whose rows spell the model more than one way (a substitution's two models): one list of rows per spelling. */
@Component({
  selector: 'apex-proof-rows-chooser',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p>The rows of this figure name {{ data.filters.length }} models. Open the rows of each:</p>
      <ul>
        @for (filter of data.filters; track $index) {
          <li><button mat-button type="button" (click)="open(filter)">{{ filter.provider }} · {{ filter.model }}</button></li>
        }
      </ul>
    </mat-dialog-content>
    <mat-dialog-actions align="end"><button mat-button mat-dialog-close type="button">Close</button></mat-dialog-actions>
  `,
  styles: `ul { margin: 0; padding: 0; list-style: none; }`,
})
export class ProofRowsChooser {
  protected readonly data = inject<ChooserData>(MAT_DIALOG_DATA);
  private readonly rows = inject(CostRowsDrillDown);

  protected open(filter: CostRowsFilter): void {
    this.rows.open(`${this.data.title} · ${filter.model}`, filter);
  }
}

/** The drill-down filters of a request: its period's, narrowed to its day when it names one. */
export function filtersFor(all: ProofEvidenceFilters, request: ProofRowsRequest): CostRowsFilter[] {
  const filters = all[request.period];
  if (request.day === null) return filters;
  const day = request.day;
  return filters.map((filter) => ({ ...filter, from: day, to: addDays(day, 1) }));
}

/** Opens the cost rows behind one of a proof's figures. */
@Injectable({ providedIn: 'root' })
export class ProofRowsDrillDown {
  private readonly dialog = inject(MatDialog);
  private readonly rows = inject(CostRowsDrillDown);

  /** False when the figure sums no rows. */
  open(title: string, filters: CostRowsFilter[]): boolean {
    if (filters.length === 0) return false;
    if (filters.length === 1) this.rows.open(title, filters[0]);
    else this.dialog.open<ProofRowsChooser, ChooserData>(ProofRowsChooser, { data: { title, filters }, width: '480px' });
    return true;
  }
}
