import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { RunDetail, RunView } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { problemMessage } from '../../core/problem-message';
import { blockedReason, blockedRequestOf } from '../../core/upgrade/blocked-request';
import { ActiveRun } from './active-run';
import { RunHistory } from './run-history';
import { isWorking } from './run-labels';

const newestFirst = (runs: RunView[]) => [...runs].sort((a, b) => b.admittedAt.localeCompare(a.admittedAt));

/** Supervisor runs: start one, follow it live by agent, and every earlier run with what it found. */
@Component({
  selector: 'apex-runs-page',
  imports: [RouterLink, MatButtonModule, MatProgressBarModule, ActiveRun, RunHistory],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page runs" aria-labelledby="runs-title">
      <header class="head">
        <div>
          <h1 id="runs-title">Runs</h1>
          <p class="lede">
            A run analyses your cost rows with the agents your plan includes and files what it finds as recommendations.
            Their figures are potential savings until a proof measures them.
          </p>
        </div>
        <button mat-flat-button type="button" (click)="start()" [disabled]="starting()" data-testid="start-run">
          {{ starting() ? 'Starting…' : 'Start a run' }}
        </button>
      </header>

      <div aria-live="polite">
        @if (error(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        } @else if (limitReached(); as message) {
          <div class="banner limit" data-testid="limit-notice">
            <span>{{ message }}</span>
            <a mat-button routerLink="/plans">Compare plans</a>
          </div>
        }
      </div>

      @for (id of followed(); track id) {
        <apex-active-run [runId]="id" (seen)="refresh($event)" (runEnded)="loadRuns()" />
      }

      <h2 id="history-title">History</h2>
      @if (runs(); as runs) {
        @if (runs.length > 0) {
          <apex-run-history [runs]="runs" aria-labelledby="history-title" />
        } @else {
          <p class="muted" data-testid="no-runs">No runs yet. Start one and follow it here.</p>
        }
      } @else if (runsError(); as message) {
        <div class="banner banner--error" role="alert">{{ message }}</div>
      } @else {
        <mat-progress-bar mode="indeterminate" aria-label="Loading your runs" />
      }
    </section>
  `,
  styles: `
    .runs { padding-block: 32px 64px; display: flex; flex-direction: column; gap: 16px; }
    .head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: flex-end; gap: 16px; }
    h1 { margin: 0 0 4px; font: var(--mat-sys-headline-large); }
    h2 { margin: 16px 0 0; font: var(--mat-sys-title-large); }
    .lede { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-large); max-width: 680px; }
    .muted { margin: 0; color: var(--mat-sys-on-surface-variant); }
    .limit { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding-block: 4px; }
    .banner { margin: 0; }
  `,
})
export class RunsPage {
  private readonly api = inject(ApiClient);

  protected readonly runs = signal<RunView[] | null>(null);
  protected readonly runsError = signal<string | null>(null);
  /** Runs followed live on this page: those working when it opened and those started here. */
  protected readonly followed = signal<string[]>([]);
  protected readonly starting = signal(false);
  protected readonly error = signal<string | null>(null);
  /** Why the last start was refused by the plan; the upgrade prompt said it too, this stays after it closes. */
  protected readonly limitReached = signal<string | null>(null);

  constructor() {
    this.loadRuns(true);
  }

  protected loadRuns(followWorking = false): void {
    this.api.runs().subscribe({
      next: (page) => {
        const runs = newestFirst(page.items);
        this.runs.set(runs);
        this.runsError.set(null);
        if (followWorking) this.follow(...runs.filter(isWorking).map((run) => run.id));
      },
      error: (error: unknown) => this.runsError.set(problemMessage(error)),
    });
  }

  protected start(): void {
    if (this.starting()) return;
    this.starting.set(true);
    this.error.set(null);
    this.limitReached.set(null);
    this.api.startRun().subscribe({
      next: (run) => {
        this.starting.set(false);
        this.follow(run.id);
        this.runs.update((runs) => newestFirst([run, ...(runs ?? []).filter((r) => r.id !== run.id)]));
      },
      error: (error: unknown) => {
        this.starting.set(false);
        const block = blockedRequestOf(error);
        if (block?.kind === 'run-limit') this.limitReached.set(blockedReason(block));
        else this.error.set(problemMessage(error));
      },
    });
  }

  /** The history's row of a followed run shows what its poll last saw. */
  protected refresh(detail: RunDetail): void {
    const { progress: _progress, report: _report, ...run } = detail;
    this.runs.update((runs) => runs?.map((known) => (known.id === run.id ? run : known)) ?? runs);
  }

  private follow(...ids: string[]): void {
    this.followed.update((known) => [...ids.filter((id) => !known.includes(id)), ...known]);
  }
}
