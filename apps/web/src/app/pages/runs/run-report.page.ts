import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { RunDetail } from '@apex/contracts';
import { ActiveRun } from './active-run';
import { RunReport } from './run-report';
import { shortId } from './run-labels';

/** One run: followed live while it works, then its report. */
@Component({
  selector: 'apex-run-report-page',
  imports: [DatePipe, RouterLink, MatButtonModule, ActiveRun, RunReport],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page report" aria-labelledby="report-title">
      <header class="head">
        <div>
          <a mat-button routerLink="/app/runs" class="back">← All runs</a>
          <h1 id="report-title">Run report <code>{{ short() }}</code></h1>
          @if (ended(); as run) {
            <p class="lede">
              Started {{ (run.startedAt ?? run.admittedAt) | date: 'd MMM y, HH:mm' }}{{ run.report ? ' · report of ' + (run.report.createdAt | date: 'd MMM y, HH:mm') : '' }}
            </p>
          }
        </div>
      </header>

      @if (ended()?.report; as report) {
        <apex-run-report [report]="report" />
      } @else {
        <apex-active-run [runId]="id()" [reportLink]="false" (runEnded)="ended.set($event)" />
      }
    </section>
  `,
  styles: `
    .report { padding-block: 24px 64px; display: flex; flex-direction: column; gap: 16px; }
    .back { margin-left: -12px; }
    h1 { margin: 4px 0; font: var(--mat-sys-headline-large); }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.8em; }
    .lede { margin: 0; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class RunReportPage {
  /** The run's id, from the route. */
  readonly id = input.required<string>();

  /** The run once it has ended, as its last poll answered; a new id starts over. */
  protected readonly ended = linkedSignal<string, RunDetail | null>({ source: this.id, computation: () => null });
  protected readonly short = computed(() => shortId(this.id()));
}
