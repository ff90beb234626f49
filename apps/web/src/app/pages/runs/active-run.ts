import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { switchMap, tap } from 'rxjs';
import type { RunDetail } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { problemMessage } from '../../core/problem-message';
import { askToConfirm } from '../../shared/confirm.dialog';
import { AgentProgress } from './agent-progress';
import { formatAmounts } from './report-format';
import { INITIAL_RUN_POLL, pollRun } from './run-poll';
import { isWorking, RUN_STATUS_LABELS, shortId } from './run-labels';
import { RunsApi } from './runs-api';

/** Follows one run live while it is queued or working, by agent, with a way to cancel it; says how it ended. */
@Component({
  selector: 'apex-active-run',
  imports: [DatePipe, RouterLink, MatButtonModule, MatCardModule, MatProgressBarModule, AgentProgress],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card" data-testid="active-run" [attr.aria-labelledby]="'run-' + runId()">
      <div class="head">
        <h2 [id]="'run-' + runId()">Run <code>{{ short() }}</code></h2>
        @if (detail(); as run) {
          <span class="status" [class]="run.status" data-testid="active-run-status">{{ statusLabel() }}</span>
        }
        <span class="spacer"></span>
        @if (working()) {
          <button mat-stroked-button type="button" (click)="cancel()" [disabled]="cancelling()">{{ cancelling() ? 'Cancelling…' : 'Cancel run' }}</button>
        }
      </div>

      <div aria-live="polite">
        @if (state().error; as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        }
        @if (cancelError(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        }
      </div>

      @if (state().notFound) {
        <p data-testid="run-not-found">There is no such run in your organisation.</p>
      } @else if (detail(); as run) {
        @if (working()) {
          @if (run.progress; as progress) {
            <apex-agent-progress [progress]="progress" />
          } @else {
            <p class="muted">Waiting for the run to start…</p>
            <mat-progress-bar mode="indeterminate" aria-label="Waiting for the run to start" />
          }
        } @else {
          <p class="outcome" data-testid="run-outcome">
            {{ outcome() }}
            @if (run.finishedAt) {
              <span class="muted">· {{ run.finishedAt | date: 'd MMM y, HH:mm:ss' }}</span>
            }
          </p>
          @if (reportLink() && run.report) {
            <div><a mat-flat-button [routerLink]="['/app/runs', run.id]">Open the report</a></div>
          }
        }
      } @else {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the run" />
      }
    </mat-card>
  `,
  styles: `
    .card { padding: 20px 24px; }
    .head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; margin-bottom: 12px; }
    h2 { margin: 0; font: var(--mat-sys-title-large); }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
    .spacer { flex: 1; }
    .status { padding: 2px 10px; border-radius: 999px; font: var(--mat-sys-label-medium); background: var(--mat-sys-surface-container-high); }
    .status.running, .status.admitted { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .status.succeeded { background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .status.failed, .status.failed_to_start { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .outcome { margin: 0 0 12px; font: var(--mat-sys-body-large); }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class ActiveRun {
  readonly runId = input.required<string>();
  /** Whether an ended run offers the way to its report (the report page itself does not). */
  readonly reportLink = input(true);
  /** Each answer of the poll: the run as it is now. */
  readonly seen = output<RunDetail>();
  /** The run ended (or was found to have ended): its last detail. */
  readonly runEnded = output<RunDetail>();

  private readonly runs = inject(RunsApi);
  private readonly api = inject(ApiClient);
  private readonly dialog = inject(MatDialog);

  protected readonly state = toSignal(
    toObservable(this.runId).pipe(
      switchMap((id) => pollRun(() => this.runs.run(id))),
      tap(({ detail }) => {
        if (!detail) return;
        this.seen.emit(detail);
        if (!isWorking(detail)) this.runEnded.emit(detail);
      }),
    ),
    { initialValue: INITIAL_RUN_POLL },
  );
  protected readonly detail = computed(() => this.state().detail);
  protected readonly working = computed(() => {
    const run = this.detail();
    return run !== null && isWorking(run);
  });
  protected readonly cancelling = signal(false);
  protected readonly cancelError = signal<string | null>(null);
  protected readonly short = computed(() => shortId(this.runId()));
  protected readonly statusLabel = computed(() => {
    const run = this.detail();
    if (!run) return '';
    if (this.cancelling() && isWorking(run)) return 'Cancelling';
    return RUN_STATUS_LABELS[run.status] ?? run.status;
  });

  protected readonly outcome = computed(() => {
    const run = this.detail();
    if (!run) return '';
    switch (run.status) {
      case 'succeeded': {
        const report = run.report;
        if (!report) return 'Finished.';
        if (report.status === 'no_data') return 'Finished: there was no cost data to analyse.';
        const n = report.findings.length;
        const potential = formatAmounts(report.potentialMonthlySavings);
        return n === 0
          ? 'Finished: no findings that your data supports.'
          : `Finished: ${n} finding${n === 1 ? '' : 's'}, ${potential} a month in potential savings.`;
      }
      case 'cancelled':
        return 'Cancelled.';
      case 'failed':
      case 'failed_to_start':
        return `${RUN_STATUS_LABELS[run.status]}${run.failure ? `: ${run.failure}` : '.'}`;
      default:
        return '';
    }
  });

  protected cancel(): void {
    askToConfirm(this.dialog, {
      title: 'Cancel this run?',
      message: 'The agents stop where they are and the run ends as cancelled. It still counts towards your plan’s run limit.',
      confirm: 'Cancel run',
    }).subscribe(() => {
      this.cancelling.set(true);
      this.cancelError.set(null);
      this.api.cancelRun(this.runId()).subscribe({
        error: (error: unknown) => {
          this.cancelling.set(false);
          this.cancelError.set(problemMessage(error));
        },
      });
    });
  }
}
