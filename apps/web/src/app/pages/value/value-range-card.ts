import { Directive, inject, input } from '@angular/core';
import type { CostBasis } from '@apex/contracts';
import { CostRowsDrillDown } from './cost-rows.dialog';
import { DayRange, ValueApi } from './value-api';

/** What each card of the value dashboard that covers the chosen range is given, and what it draws on. */
@Directive()
export abstract class ValueRangeCard {
  readonly range = input.required<DayRange>();
  readonly currency = input.required<string>();
  /** Changes when new cost data has arrived, so the card loads again. */
  readonly version = input(0);
  /** The cost column the card's figures sum. */
  readonly basis = input<CostBasis>('effective');

  protected readonly api = inject(ValueApi);
  protected readonly drillDown = inject(CostRowsDrillDown);
}
