import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { LockedFindings as Locked } from '@apex/contracts';
import { lockedLine, upgradeLink } from './report-format';

/** What a higher plan would add to this run, counted from the same data, with the way to it. */
@Component({
  selector: 'apex-locked-findings',
  imports: [RouterLink, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (locked of locked(); track locked.tier + locked.feature) {
      @if (locked.findingCount > 0) {
        <div class="locked" data-testid="locked-findings">
          <p>{{ line(locked) }}</p>
          <a mat-stroked-button [routerLink]="link(locked)">{{ locked.upgrade ? 'Upgrade to ' + locked.upgrade.name : 'Compare plans' }}</a>
        </div>
      }
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 8px; }
    :host:empty { display: none; }
    .locked { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px 16px;
      padding: 12px 16px; border-radius: 12px; border: 1px dashed var(--mat-sys-outline); background: var(--mat-sys-surface-container-low); }
    p { margin: 0; font: var(--mat-sys-title-small); }
  `,
})
export class LockedFindings {
  readonly locked = input.required<Locked[]>();
  protected readonly line = lockedLine;
  protected link(locked: Locked): string {
    return upgradeLink(locked.upgrade);
  }
}
