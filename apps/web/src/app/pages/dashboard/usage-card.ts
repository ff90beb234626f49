import { ChangeDetectionStrategy, Component, computed, effect, input, output, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { RunWindowView } from '@apex/contracts';
import { clock } from '../../core/clock';
import { formatClockTime, formatCountdown, formatWindow } from '../../core/format/time';

/** Runs used in the rolling window, when the next slot frees, and the button that starts a run. */
@Component({
  selector: 'apex-usage-card',
  imports: [MatButtonModule, MatCardModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <h2 id="usage-title">Runs</h2>
      @let runs = usage();
      <p class="count" data-testid="usage-count">
        <strong>{{ runs.used }} of {{ runs.limit }}</strong> runs used in the last {{ window() }}
      </p>
      <mat-progress-bar
        mode="determinate"
        [value]="percent()"
        aria-labelledby="usage-title"
        [attr.aria-valuetext]="runs.used + ' of ' + runs.limit + ' runs used'"
      />
      <p class="left">
        @if (runs.remaining > 0) {
          {{ runs.remaining }} {{ runs.remaining === 1 ? 'run' : 'runs' }} left.
        } @else {
          No runs left until a slot frees.
        }
        @if (freesAt(); as at) {
          Next slot frees in <span class="countdown" data-testid="countdown">{{ countdown() }}</span> (at {{ at }}).
        }
      </p>
      <div class="actions">
        <button mat-flat-button type="button" [disabled]="starting()" (click)="startRun.emit()">Start a run</button>
      </div>
    </mat-card>
  `,
  styles: `
    .card { padding: 24px; }
    h2 { margin: 0 0 12px; font: var(--mat-sys-title-large); }
    .count { margin: 0 0 12px; font: var(--mat-sys-body-large); }
    .count strong { font: var(--mat-sys-headline-small); font-weight: 600; }
    mat-progress-bar { height: 8px; border-radius: 4px; --mat-progress-bar-track-height: 8px; --mat-progress-bar-active-indicator-height: 8px; }
    .left { margin: 12px 0 20px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); }
    .countdown { font-variant-numeric: tabular-nums; font-weight: 600; color: var(--mat-sys-on-surface); }
    .actions { display: flex; gap: 12px; align-items: center; }
  `,
})
export class UsageCard {
  readonly usage = input.required<RunWindowView>();
  readonly starting = input(false);
  readonly startRun = output<void>();
  /** The countdown reached zero: a slot is free again and the numbers are stale. */
  readonly slotFreed = output<void>();

  private readonly now = clock();
  private announcedFor: string | null = null;

  protected readonly window = computed(() => formatWindow(this.usage().windowSeconds));
  protected readonly percent = computed(() => {
    const { used, limit } = this.usage();
    return limit > 0 ? Math.min(100, Math.round((used / limit) * 100)) : 100;
  });
  private readonly resetAt = computed(() => {
    const at = this.usage().resetAt;
    return at ? new Date(at) : null;
  });
  protected readonly freesAt = computed(() => {
    const at = this.resetAt();
    return at ? formatClockTime(at, new Date(this.now())) : null;
  });
  protected readonly msLeft = computed(() => {
    const at = this.resetAt();
    // The clock ticks once a second, so it may lag a fresh resetAt; no slot is ever more than a window away.
    return at ? Math.min(at.getTime() - this.now(), this.usage().windowSeconds * 1000) : null;
  });
  protected readonly countdown = computed(() => formatCountdown(this.msLeft() ?? 0));

  constructor() {
    effect(() => {
      const left = this.msLeft();
      const at = this.usage().resetAt;
      if (left !== null && left <= 0 && at !== this.announcedFor) {
        this.announcedFor = at;
        untracked(() => this.slotFreed.emit());
      }
    });
  }
}
