import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { RunView, UsageSummary } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { AuthService } from '../../core/auth/auth.service';
import { problemMessage } from '../../core/problem-message';
import { blockedReason, blockedRequestOf } from '../../core/upgrade/blocked-request';
import { isActive, RunsTable } from './runs-table';
import { UsageCard } from './usage-card';

/** How often the run list is reloaded while a run is queued or running. */
export const RUN_POLL_MS = 3000;

const newestFirst = (runs: RunView[]) => [...runs].sort((a, b) => b.admittedAt.localeCompare(a.admittedAt));

/** The signed-in home: run usage against the plan's limit, starting runs, and the recent ones. */
@Component({
  selector: 'apex-dashboard-page',
  imports: [RouterLink, MatButtonModule, MatProgressBarModule, RunsTable, UsageCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page dashboard" aria-labelledby="dashboard-title">
      <header>
        <h1 id="dashboard-title">Dashboard</h1>
        @if (me(); as me) {
          <p class="who">{{ me.organization.name }} · {{ tierName() }} plan</p>
        }
      </header>

      <div class="messages" aria-live="polite">
        @if (error(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        } @else if (limitReached(); as message) {
          <div class="banner limit" data-testid="limit-notice">
            <span>{{ message }}</span>
            <a mat-button routerLink="/plans">Compare plans</a>
          </div>
        } @else if (notice(); as message) {
          <div class="banner banner--success">{{ message }}</div>
        }
      </div>

      @if (usage(); as usage) {
        <apex-usage-card [usage]="usage.runs" [starting]="starting()" (startRun)="startRun()" (slotFreed)="loadUsage()" />
      } @else if (usageError(); as message) {
        <div class="banner banner--error" role="alert">{{ message }}</div>
      } @else {
        <mat-progress-bar mode="indeterminate" aria-label="Loading your usage" />
      }

      <h2 id="runs-title">Recent runs</h2>
      <p class="hint">Your organisation's runs, newest first.</p>
      @if (runs(); as runs) {
        @if (runs.length > 0) {
          <apex-runs-table [runs]="runs" (cancelRun)="cancelRun($event)" />
        } @else {
          <p class="empty">No runs yet. Start one above and it will show here.</p>
        }
      } @else if (runsError(); as message) {
        <div class="banner banner--error" role="alert">{{ message }}</div>
      } @else {
        <mat-progress-bar mode="indeterminate" aria-label="Loading your runs" />
      }
    </section>
  `,
  styles: `
    .dashboard { padding-block: 40px 64px; }
    h1 { margin: 0; font: var(--mat-sys-headline-large); }
    .who { margin: 4px 0 24px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-large); }
    h2 { margin: 40px 0 4px; font: var(--mat-sys-title-large); }
    .hint { margin: 0 0 12px; color: var(--mat-sys-on-surface-variant); }
    .empty { margin: 0; color: var(--mat-sys-on-surface-variant); }
    .limit { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding-block: 4px; }
  `,
})
export class DashboardPage {
  private readonly api = inject(ApiClient);
  protected readonly me = inject(AuthService).me;

  protected readonly usage = signal<UsageSummary | null>(null);
  protected readonly usageError = signal<string | null>(null);
  protected readonly runs = signal<RunView[] | null>(null);
  protected readonly runsError = signal<string | null>(null);
  protected readonly starting = signal(false);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  /** Why the last start was refused by the plan; the upgrade prompt said it too, this stays after it closes. */
  protected readonly limitReached = signal<string | null>(null);

  protected readonly tierName = computed(() => {
    const tier = this.usage()?.tier ?? this.me()?.organization.tier ?? '';
    return tier.charAt(0).toUpperCase() + tier.slice(1);
  });

  constructor() {
    this.loadUsage();
    this.loadRuns();
    const poll = setInterval(() => {
      if (this.runs()?.some(isActive)) this.loadRuns();
    }, RUN_POLL_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(poll));
  }

  protected loadUsage(): void {
    this.api.usage().subscribe({
      next: (usage) => {
        this.usage.set(usage);
        this.usageError.set(null);
        if (usage.runs.remaining > 0) this.limitReached.set(null);
      },
      error: (error: unknown) => this.usageError.set(problemMessage(error)),
    });
  }

  private loadRuns(): void {
    this.api.runs().subscribe({
      next: (page) => {
        this.runs.set(newestFirst(page.items));
        this.runsError.set(null);
      },
      error: (error: unknown) => this.runsError.set(problemMessage(error)),
    });
  }

  protected startRun(): void {
    if (this.starting()) return;
    this.starting.set(true);
    this.notice.set(null);
    this.error.set(null);
    this.limitReached.set(null);
    this.api.startRun().subscribe({
      next: (run) => {
        this.starting.set(false);
        this.notice.set(`Run ${run.id.slice(-8)} started.`);
        this.runs.update((runs) => newestFirst([run, ...(runs ?? []).filter((r) => r.id !== run.id)]));
        this.loadUsage();
      },
      error: (error: unknown) => {
        this.starting.set(false);
        const block = blockedRequestOf(error);
        if (block?.kind === 'run-limit') {
          block.windowSeconds ??= this.usage()?.runs.windowSeconds ?? null;
          this.limitReached.set(blockedReason(block));
        } else {
          this.error.set(problemMessage(error));
        }
        this.loadUsage();
      },
    });
  }

  protected cancelRun(run: RunView): void {
    this.error.set(null);
    this.api.cancelRun(run.id).subscribe({
      next: () => {
        this.notice.set(`Run ${run.id.slice(-8)} is being cancelled.`);
        this.loadRuns();
      },
      error: (error: unknown) => this.error.set(problemMessage(error)),
    });
  }
}
