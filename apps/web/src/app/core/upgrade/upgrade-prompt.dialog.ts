import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { priceSummary, runAllowance } from '../format/plan-format';
import { BlockedRequest, blockedReason } from './blocked-request';

/** Says what the plan stopped, and what the next plan up offers. */
@Component({
  selector: 'apex-upgrade-prompt-dialog',
  imports: [RouterLink, MatButtonModule, MatDialogModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ title }}</h2>
    <mat-dialog-content>
      <p class="reason" data-testid="upgrade-reason">{{ reason }}</p>
      @if (block.upgrade; as offer) {
        <section class="offer" aria-labelledby="upgrade-offer-title" data-testid="upgrade-offer">
          <p class="eyebrow">Upgrade to</p>
          <h3 id="upgrade-offer-title">{{ offer.name }}</h3>
          <ul>
            <li>{{ allowance(offer.runLimit, offer.windowSeconds) }}</li>
            <li>{{ price(offer.pricing) }}</li>
          </ul>
        </section>
      } @else if (block.kind === 'run-limit') {
        <p>You're on the plan with the most runs. Our sales team can agree a higher limit with you.</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      @if (!block.upgrade && block.kind === 'run-limit') {
        <a mat-button routerLink="/enterprise" mat-dialog-close>Talk to sales</a>
      }
      <button mat-button type="button" mat-dialog-close>Not now</button>
      @if (block.upgrade?.pricing?.rule === 'flat_or_percent') {
        <a mat-stroked-button routerLink="/plans" mat-dialog-close>Compare plans</a>
        <a mat-flat-button routerLink="/app/upgrade" mat-dialog-close>Upgrade to {{ block.upgrade?.name }}</a>
      } @else {
        <a mat-flat-button routerLink="/plans" mat-dialog-close>Compare plans</a>
      }
    </mat-dialog-actions>
  `,
  styles: `
    .reason { margin: 0 0 20px; font: var(--mat-sys-body-large); color: var(--mat-sys-on-surface); }
    .offer {
      padding: 16px 20px; border-radius: 16px;
      background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container);
    }
    .eyebrow { margin: 0; font: var(--mat-sys-label-medium); text-transform: uppercase; letter-spacing: 0.08em; opacity: 0.8; }
    h3 { margin: 2px 0 8px; font: var(--mat-sys-title-large); }
    ul { margin: 0; padding-left: 20px; font: var(--mat-sys-body-medium); }
    li + li { margin-top: 4px; }
  `,
})
export class UpgradePromptDialog {
  protected readonly block = inject<BlockedRequest>(MAT_DIALOG_DATA);
  protected readonly title = this.block.kind === 'run-limit' ? 'Run limit reached' : 'Available on a higher plan';
  protected readonly reason = blockedReason(this.block);
  protected readonly allowance = runAllowance;
  protected readonly price = priceSummary;
}
