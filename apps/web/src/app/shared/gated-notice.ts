import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { priceSummary, runAllowance } from '../core/format/plan-format';
import { FeatureGated, blockedReason } from '../core/upgrade/blocked-request';

/** Stands in for a page section the plan does not include, and says which plan does. */
@Component({
  selector: 'apex-gated-notice',
  imports: [RouterLink, MatButtonModule, MatCardModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="gated" data-testid="gated-notice">
      <p class="reason">{{ reason() }}</p>
      @if (block().upgrade; as offer) {
        <p class="offer">{{ offer.name }}: {{ allowance() }}, {{ price() }}.</p>
      }
      <div><a mat-flat-button routerLink="/plans">Compare plans</a></div>
    </mat-card>
  `,
  styles: `
    .gated { padding: 24px; background: var(--mat-sys-surface-container-low); }
    .reason { margin: 0 0 8px; font: var(--mat-sys-title-medium); }
    .offer { margin: 0 0 16px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class GatedNotice {
  readonly block = input.required<FeatureGated>();

  protected readonly reason = computed(() => blockedReason(this.block()));
  protected readonly allowance = computed(() => {
    const offer = this.block().upgrade;
    return offer ? runAllowance(offer.runLimit, offer.windowSeconds) : '';
  });
  protected readonly price = computed(() => {
    const offer = this.block().upgrade;
    return offer ? priceSummary(offer.pricing) : '';
  });
}
