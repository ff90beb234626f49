import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import type { CostRowsFilter, RecommendationEvidence } from '@apex/contracts';
import { CostRowsDrillDown } from '../value/cost-rows.dialog';
import { formatMoney } from '../value/value-format';

/** The cost rows a finding rests on, counted, summed and digested, and the way to see them. */
@Component({
  selector: 'apex-finding-evidence',
  imports: [MatButtonModule, MatMenuModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="evidence" data-testid="finding-evidence">
      <p class="facts">
        <span data-testid="evidence-rows">{{ rows() }}</span> totalling <strong data-testid="evidence-amount">{{ amount() }}</strong>
        <span class="digest">SHA-256 <code data-testid="evidence-sha256" [title]="evidence().sha256">{{ evidence().sha256 }}</code></span>
      </p>
      @if (evidence().filters.length > 1) {
        <button mat-stroked-button type="button" [matMenuTriggerFor]="spellings">Evidence</button>
        <mat-menu #spellings="matMenu">
          @for (filter of evidence().filters; track $index) {
            <button mat-menu-item type="button" (click)="open(filter)">{{ filter.model ?? 'Rows without a model' }}</button>
          }
        </mat-menu>
      } @else if (evidence().filters.length === 1) {
        <button mat-stroked-button type="button" (click)="open(evidence().filters[0])">Evidence</button>
      }
    </div>
  `,
  styles: `
    .evidence { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px 16px; }
    .facts { margin: 0; min-width: 0; flex: 1 1 320px; }
    .digest { display: block; margin-top: 2px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); overflow-wrap: anywhere; }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; }
  `,
})
export class FindingEvidence {
  readonly evidence = input.required<RecommendationEvidence>();
  readonly currency = input.required<string>();
  /** What the rows are the evidence of, for the drill-down's title. */
  readonly title = input.required<string>();

  private readonly drillDown = inject(CostRowsDrillDown);

  protected readonly rows = computed(() => `${this.evidence().rowCount} cost ${this.evidence().rowCount === 1 ? 'row' : 'rows'}`);
  protected readonly amount = computed(() => formatMoney(this.evidence().amount, this.currency()));

  protected open(filter: CostRowsFilter): void {
    const spelling = this.evidence().filters.length > 1 && filter.model ? ` · ${filter.model}` : '';
    this.drillDown.open(`Evidence · ${this.title()}${spelling}`, filter);
  }
}
