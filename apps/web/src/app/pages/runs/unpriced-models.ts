import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { UnpricedModel } from '@apex/contracts';
import { formatMoney } from '../value/value-format';

/** Model names from the rows that the price book could not price: listed with their spend, never priced. */
@Component({
  selector: 'apex-unpriced-models',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="scroll">
      <table>
        <caption class="visually-hidden">Models the price book could not price</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Provider</th>
            <th scope="col" class="num">Spend</th>
            <th scope="col" class="num">Rows</th>
            <th scope="col">Why it is not priced</th>
          </tr>
        </thead>
        <tbody>
          @for (model of models(); track $index) {
            <tr data-testid="unpriced-row">
              <th scope="row" class="name">{{ model.name }}</th>
              <td>{{ model.provider }}</td>
              <td class="num">{{ spend(model) }}</td>
              <td class="num">{{ model.rowCount }}</td>
              <td class="reason">{{ model.reason }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styleUrl: '../../shared/data-table.css',
  styles: `
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .name { min-width: 14ch; overflow-wrap: anywhere; }
    .reason { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class UnpricedModels {
  readonly models = input.required<UnpricedModel[]>();
  /**
   * The currency of the amounts when the report has only one (UnpricedModel names none of its own); null shows the
   * bare amount rather than guess.
   */
  readonly currency = input<string | null>(null);

  protected spend(model: UnpricedModel): string {
    const own = (model as UnpricedModel & { currency?: unknown }).currency;
    const currency = typeof own === 'string' ? own : this.currency();
    return currency ? formatMoney(model.amount, currency) : model.amount;
  }
}
