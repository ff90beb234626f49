import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import type { CostBasis, ProviderSpend, SpendFigure } from '@apex/contracts';
import { CostRowsDrillDown } from './cost-rows.dialog';
import { displayMoney } from './display-money';
import { reductionNote } from './spend-notes';
import { exactly } from './value-format';

type Part = 'total' | 'ai' | 'other';
const PART_LABEL: Record<Part, string> = { total: 'All cloud spend', ai: 'AI spend', other: 'Other cloud spend' };

/** Each provider's cloud spend over the range, per currency: all of it, its AI part and its other part; each opens its rows. */
@Component({
  selector: 'apex-spend-by-provider',
  imports: [MatCardModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card" data-testid="spend-by-provider">
      <div class="card-head"><h2 id="providers-title">Spend by provider</h2></div>
      @if (providers().length > 0) {
        <div class="scroll">
          <table aria-labelledby="providers-title">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                @if (manyCurrencies()) {
                  <th scope="col">Currency</th>
                }
                <th scope="col" class="num">All spend</th>
                <th scope="col" class="num">AI spend</th>
                <th scope="col" class="num">Other spend</th>
              </tr>
            </thead>
            <tbody>
              @for (provider of providers(); track provider.provider + provider.currency) {
                <tr data-testid="provider-row">
                  <th scope="row" class="name">{{ provider.provider || '(no provider named)' }}</th>
                  @if (manyCurrencies()) {
                    <td>{{ provider.currency }}</td>
                  }
                  @for (part of parts; track part) {
                    <td class="num">
                      @if (provider[part]; as figure) {
                        <button type="button" class="figure-button" (click)="open(provider, part, figure)" [title]="exact(figure)">{{ money(figure) }}</button>
                        @if (note(figure); as note) {
                          <span class="note">{{ note }}</span>
                        }
                      } @else {
                        <span class="muted" title="No cost rows of this kind">—</span>
                      }
                    </td>
                  }
                </tr>
              }
            </tbody>
          </table>
        </div>
      } @else {
        <p class="muted">No cloud spend in this range.</p>
      }
    </mat-card>
  `,
  styleUrls: ['./value.css', '../../shared/data-table.css'],
  styles: `
    .name { overflow-wrap: anywhere; }
    .note { display: block; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); white-space: normal; }
    th, td { padding: 8px 12px; vertical-align: top; }
  `,
})
export class SpendByProvider {
  readonly providers = input.required<ProviderSpend[]>();
  readonly basis = input<CostBasis>('effective');

  private readonly drillDown = inject(CostRowsDrillDown);
  protected readonly parts: Part[] = ['total', 'ai', 'other'];
  protected readonly manyCurrencies = computed(() => new Set(this.providers().map((p) => p.currency)).size > 1);
  protected readonly note = reductionNote;

  protected money(figure: SpendFigure): string {
    return displayMoney(figure.amount, figure.currency);
  }

  protected exact(figure: SpendFigure): string {
    return exactly(figure.amount, figure.currency);
  }

  protected open(provider: ProviderSpend, part: Part, figure: SpendFigure): void {
    this.drillDown.open(`${PART_LABEL[part]} · ${provider.provider || 'no provider named'} · ${this.money(figure)}`, figure.rows, this.basis());
  }
}
