import { ChangeDetectionStrategy, Component, computed, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import type { CostDriver, CostDriverDimension } from '@apex/contracts';
import { LoadState } from './load-state';
import { loadOnChange, valueOf } from './loadable';
import { displayMoney } from './display-money';
import { exactly, formatShare } from './value-format';
import { ValueRangeCard } from './value-range-card';

const NONE: Record<CostDriverDimension, string> = { service: '(no service named)', model: '(no model named)', resource: '(no resource named)' };

/** The largest AI cost drivers by service, model or resource, with their share of the total; a row opens its rows. */
@Component({
  selector: 'apex-cost-drivers',
  imports: [MatCardModule, MatButtonToggleModule, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <div class="card-head">
        <h2 id="drivers-title">Top cost drivers</h2>
        <mat-button-toggle-group [value]="by()" (change)="by.set($event.value)" aria-label="Drivers by" hideSingleSelectionIndicator>
          <mat-button-toggle value="service">Service</mat-button-toggle>
          <mat-button-toggle value="model">Model</mat-button-toggle>
          <mat-button-toggle value="resource">Resource</mat-button-toggle>
        </mat-button-toggle-group>
      </div>
      <apex-load-state [loadable]="drivers()" label="Loading cost drivers" />
      @if (entry(); as entry) {
        <div class="scroll">
          <table aria-labelledby="drivers-title">
            <thead>
              <tr>
                <th scope="col">{{ heading() }}</th>
                <th scope="col" class="num">AI spend</th>
                <th scope="col" class="share">Share of <span [title]="exact(entry.total.amount)">{{ money(entry.total.amount) }}</span></th>
                <th scope="col" class="num">Rows</th>
              </tr>
            </thead>
            <tbody>
              @for (driver of entry.drivers; track driver.key) {
                <tr data-testid="driver-row">
                  <th scope="row" class="name">{{ driver.label ?? none() }}</th>
                  <td class="num">
                    <button type="button" class="figure-button" (click)="open(driver)" [title]="exact(driver.amount)" [attr.aria-label]="'Show the rows of ' + (driver.label ?? none())">
                      {{ money(driver.amount) }}
                    </button>
                  </td>
                  <td class="share">
                    <span class="share-cell">
                      <span class="bar" [style.width.%]="width(driver)"></span>
                      <span>{{ share(driver.sharePercent) }}</span>
                    </span>
                  </td>
                  <td class="num">{{ driver.rowCount }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (entry.moreDrivers > 0) {
          <p class="muted">and {{ entry.moreDrivers }} smaller {{ entry.moreDrivers === 1 ? 'driver' : 'drivers' }}.</p>
        }
      } @else if (drivers().state === 'loaded') {
        <p class="muted">No AI spend in {{ currency() }} in this range.</p>
      }
    </mat-card>
  `,
  styleUrls: ['./value.css', '../../shared/data-table.css'],
  styles: `
    .name { max-width: 420px; overflow-wrap: anywhere; }
    .share { width: 30%; }
    .share-cell { display: flex; align-items: center; gap: 8px; }
    .bar { display: inline-block; height: 10px; min-width: 2px; max-width: 70%; border-radius: 5px; background: var(--mat-sys-primary); }
  `,
})
export class CostDrivers extends ValueRangeCard {
  protected readonly by = signal<CostDriverDimension>('service');
  protected readonly share = formatShare;

  protected readonly drivers = loadOnChange(
    () => ({ range: this.range(), by: this.by(), basis: this.basis(), version: this.version() }),
    ({ range, by, basis }) => this.api.drivers(range, by, 10, basis),
  );
  protected readonly entry = computed(() => valueOf(this.drivers())?.currencies.find((c) => c.currency === this.currency()) ?? null);
  protected readonly heading = computed(() => ({ service: 'Service', model: 'Model', resource: 'Resource' })[this.by()]);
  protected readonly none = computed(() => NONE[this.by()]);

  protected money(amount: string): string {
    return displayMoney(amount, this.currency());
  }

  protected exact(amount: string): string {
    return exactly(amount, this.currency());
  }

  /** The share bar's width: a drawing, so a float is fine. */
  protected width(driver: CostDriver): number {
    return Math.max(0, Math.min(100, Number(driver.sharePercent ?? 0)));
  }

  protected open(driver: CostDriver): void {
    this.drillDown.open(`AI spend · ${driver.label ?? this.none()} · ${this.money(driver.amount)}`, driver.rows, this.basis());
  }
}
