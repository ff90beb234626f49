import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { firstValueFrom } from 'rxjs';
import type { CostFileError, LockedFindings, RoiScenario, SandboxView } from '@apex/contracts';
import { problemMessage, problemOf } from '../../core/problem-message';
import { breakevenRange, roiRange, usd } from '../roi/roi-format';
import { formatDay, formatMoney, lastDayOf } from '../value/value-format';
import { SandboxApi } from './sandbox-api';

type State =
  | { state: 'idle' }
  | { state: 'uploading'; fileName: string }
  | { state: 'analysing'; view: SandboxView | null }
  | { state: 'ready'; view: SandboxView }
  | { state: 'failed'; message: string; errors: CostFileError[] };

const POLL_MS = 1500;
const ACTIVE = new Set(['admitted', 'running']);
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * ROI before sign-up, /try: a prospect drops a FOCUS file or an OpenAI usage export, Apex analyses it in a sandbox of its own and shows the
 * potential savings and the ROI; "Create an account to keep this" signs up with the sandbox, which keeps the data.
 */
@Component({
  selector: 'apex-try-page',
  imports: [RouterLink, MatButtonModule, MatCardModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page try" aria-labelledby="try-title">
      <h1 id="try-title">See what Apex could cut from your AI bill</h1>
      <p class="lede">
        Drop a FOCUS cost export (CSV, or gzip of it; FOCUS 1.0 to 1.2, as AWS, Azure, Google Cloud and FinOps tools export it) or an
        OpenAI usage export. No account needed: the file is analysed in a private sandbox that is deleted 24 hours after the upload.
      </p>
      <p class="help" data-testid="sandbox-openai-help">
        An OpenAI usage export is the JSON that OpenAI's Costs API (<code>GET /v1/organization/costs</code>) or Usage API for completions
        (<code>GET /v1/organization/usage/completions</code>) answers, kept as a <code>.json</code> file (or gzip of it): one page as
        OpenAI returns it, an array of pages, or <code>{{ '{' }}"costs": page or [pages], "usage": page or [pages]{{ '}' }}</code>. The money
        comes from the Costs pages; the Usage pages add the token and request counts.
      </p>

      @if (state().state === 'idle' || state().state === 'failed') {
        <div
          class="drop-zone"
          data-testid="sandbox-drop-zone"
          [class.drop-zone--over]="dragging()"
          (dragover)="onDragOver($event)"
          (dragleave)="dragging.set(false)"
          (drop)="onDrop($event)"
        >
          <p>Drop your FOCUS file or OpenAI usage export here, or</p>
          <button mat-flat-button type="button" (click)="picker.click()">Choose a file</button>
          <input #picker type="file" class="visually-hidden" accept=".csv,.gz,.json,text/csv,application/gzip,application/json" data-testid="sandbox-file-input" (change)="onPicked(picker)" />
        </div>
      }

      @switch (state().state) {
        @case ('uploading') {
          <p data-testid="sandbox-status">Reading {{ uploadingName() }}…</p>
          <mat-progress-bar mode="indeterminate" aria-label="Uploading the file" />
        }
        @case ('analysing') {
          <p data-testid="sandbox-status">{{ analysingText() }}</p>
          <mat-progress-bar mode="indeterminate" aria-label="Analysing the file" />
        }
        @case ('failed') {
          <div class="banner banner--error" role="alert" data-testid="sandbox-error">
            <p data-testid="sandbox-error-message">{{ failure()?.message }}</p>
            @if (failure()?.errors?.length) {
              <ul>
                @for (error of failure()!.errors; track $index) {
                  <li data-testid="sandbox-error-line">{{ error.line === null ? '' : 'Line ' + error.line + ': ' }}{{ error.column ? error.column + ': ' : '' }}{{ error.message }}</li>
                }
              </ul>
            }
          </div>
        }
        @case ('ready') {
          @let v = view()!;
          <p class="file" data-testid="sandbox-file">
            Analysed {{ v.file.rowCount }} cost rows of {{ v.file.fileName }} ({{ period() }}).
          </p>

          @if (v.report?.status === 'no_data' || !v.report) {
            <div class="banner" data-testid="sandbox-no-data">{{ v.report?.summary ?? v.run.failure ?? 'The analysis did not finish.' }}</div>
          } @else {
            <mat-card appearance="outlined" class="headline" data-testid="sandbox-potential">
              <mat-card-content>
                <p class="label">Potential monthly savings</p>
                <p class="figure" data-testid="sandbox-potential-figure">{{ potentialText() }}</p>
                <p class="note">
                  Potential: what the analysis expects from your own cost rows priced with the price book. It is not a saving until Apex
                  measures it after you make the change.
                </p>
              </mat-card-content>
            </mat-card>

            <h2>What Apex found</h2>
            <ul class="findings">
              @for (finding of v.report!.findings; track finding.id) {
                <li data-testid="sandbox-finding" [attr.data-kind]="finding.kind">
                  <span class="title">{{ finding.title }}</span>
                  <span class="amount" data-testid="sandbox-finding-expected">{{ money(finding.monthlySavings.expected, finding.currency) }} a month</span>
                  <span class="range">potential, {{ money(finding.monthlySavings.low, finding.currency) }}–{{ money(finding.monthlySavings.high, finding.currency) }}</span>
                </li>
              } @empty {
                <li>Nothing to cut was found in these rows on the Free plan's agents.</li>
              }
            </ul>
            @for (locked of v.report!.locked; track locked.tier + locked.feature) {
              <p class="locked" data-testid="sandbox-locked">
                {{ lockedText(locked) }}
              </p>
            }
          }

          <mat-card appearance="outlined" class="roi" data-testid="sandbox-roi">
            <mat-card-content>
              <h2>Your ROI with Apex</h2>
              <p data-testid="sandbox-roi-headline">{{ v.roi.message }}</p>
              @if (earlyScenario(); as scenario) {
                @if (scenario.status === 'computed' && scenario.roiPercent && scenario.breakevenDays) {
                  <p class="figure" data-testid="sandbox-roi-percent">
                    {{ roi(scenario).expected }} ROI on Early
                    @if (roi(scenario).range; as range) {
                      <span class="range">({{ range }})</span>
                    }
                  </p>
                  <p data-testid="sandbox-breakeven">Breakeven in {{ breakeven(scenario).expected }}.</p>
                } @else {
                  <p data-testid="sandbox-roi-percent">{{ scenario.message }}</p>
                }
              }
              @if (v.earlyRoi.fee; as fee) {
                <p class="note" data-testid="sandbox-fee">Early's fee at your spend: {{ fee.description }}. The ROI counts only the findings above; the Free plan has no fee.</p>
              }
              @if (v.roi.spend; as spend) {
                <p class="note" data-testid="sandbox-spend">
                  Measured AI spend: {{ usd(spend.measured) }} over the 30 days from {{ day(spend.from) }} to {{ day(lastDayOf(spend.to)) }} ({{ spend.rowCount }} cost rows).
                </p>
              }
            </mat-card-content>
          </mat-card>

          <div class="keep">
            <a mat-flat-button [routerLink]="['/signup']" [queryParams]="{ sandbox: token() }" data-testid="sandbox-keep">Create an account to keep this</a>
            <button mat-button type="button" (click)="startOver()">Analyse another file</button>
          </div>
          <p class="note" data-testid="sandbox-expiry">Unless you keep it, this sandbox and your file are deleted on {{ expiry() }}.</p>
        }
      }
    </section>
  `,
  styles: `
    .try { padding-block: 48px 64px; max-width: 900px; }
    h1 { margin: 0 0 16px; font: var(--mat-sys-headline-large); }
    h2 { margin: 24px 0 12px; font: var(--mat-sys-title-large); }
    .lede { margin: 0 0 12px; max-width: 70ch; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-large); }
    .help { margin: 0 0 24px; max-width: 70ch; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); }
    .drop-zone { display: flex; flex-direction: column; align-items: center; gap: 12px; padding: 40px 24px; margin-bottom: 24px;
      border: 2px dashed var(--mat-sys-outline); border-radius: 16px; text-align: center; }
    .drop-zone--over { border-color: var(--mat-sys-primary); background: var(--mat-sys-surface-container); }
    .drop-zone p { margin: 0; }
    .file { font: var(--mat-sys-body-large); }
    .headline .label { margin: 0; font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    .figure { margin: 8px 0; font: var(--mat-sys-headline-medium); }
    .note { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); }
    .findings { list-style: none; padding: 0; margin: 0; display: grid; gap: 12px; }
    .findings li { display: grid; grid-template-columns: 1fr auto; gap: 4px 16px; padding: 12px 16px; border-radius: 12px; background: var(--mat-sys-surface-container-low); }
    .findings .amount { font: var(--mat-sys-title-medium); text-align: right; }
    .findings .range { grid-column: 2; text-align: right; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .locked { margin: 12px 0 0; }
    .roi { margin-top: 24px; }
    .roi h2 { margin-top: 0; }
    .range { font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .keep { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 24px; }
    .banner ul { margin: 8px 0 0; padding-left: 20px; }
  `,
})
export class TryPage implements OnInit {
  private readonly api = inject(SandboxApi);
  private readonly destroyRef = inject(DestroyRef);
  private timer: ReturnType<typeof setTimeout> | null = null;

  protected readonly state = signal<State>({ state: 'idle' });
  protected readonly dragging = signal(false);
  protected readonly token = signal<string | null>(null);

  protected readonly usd = usd;
  protected readonly money = formatMoney;
  protected readonly day = formatDay;
  protected readonly lastDayOf = lastDayOf;
  protected readonly roi = (scenario: RoiScenario) => roiRange(scenario.roiPercent!);
  protected readonly breakeven = (scenario: RoiScenario) => breakevenRange(scenario.breakevenDays!);
  /** "3 more findings on Early, up to $120.00 a month in potential savings." */
  protected readonly lockedText = (locked: LockedFindings) => {
    const tier = locked.tier.charAt(0).toUpperCase() + locked.tier.slice(1);
    const upTo = locked.upTo.map((up) => `, up to ${formatMoney(up.monthlySavings, up.currency)} a month in potential savings`).join('');
    return `${locked.findingCount} more ${locked.findingCount === 1 ? 'finding' : 'findings'} on ${tier}${upTo}.`;
  };

  protected readonly view = computed(() => {
    const s = this.state();
    return s.state === 'ready' || s.state === 'analysing' ? s.view : null;
  });
  protected readonly failure = computed(() => {
    const s = this.state();
    return s.state === 'failed' ? s : null;
  });
  protected readonly uploadingName = computed(() => {
    const s = this.state();
    return s.state === 'uploading' ? s.fileName : '';
  });
  protected readonly analysingText = computed(() => {
    const v = this.view();
    if (!v) return 'Analysing your file…';
    const agent = v.run.progress?.agent;
    return `Loaded ${v.file.rowCount} cost rows of ${v.file.fileName}. Analysing${agent ? `: the ${agent.replace(/_/g, ' ')} agent is at work` : ''}…`;
  });
  protected readonly period = computed(() => {
    const v = this.view();
    if (!v?.file.periodStart) return '';
    const lastDay = new Date(Date.parse(v.file.periodEnd) - 86_400_000);
    return `${DAY.format(new Date(v.file.periodStart))} to ${DAY.format(lastDay)}`;
  });
  protected readonly potentialText = computed(() => {
    const sums = this.view()?.report?.potentialMonthlySavings ?? [];
    return sums.length ? sums.map((sum) => `${formatMoney(sum.amount, sum.currency)} a month`).join(' and ') : 'None found';
  });
  protected readonly earlyScenario = computed(() => this.view()?.earlyRoi.scenarios?.verifiedAndPotential ?? null);
  protected readonly expiry = computed(() => {
    const v = this.view();
    return v ? DATE_TIME.format(new Date(v.expiresAt)) : '';
  });

  constructor() {
    this.destroyRef.onDestroy(() => this.stopPolling());
  }

  ngOnInit(): void {
    const stored = this.api.storedToken();
    if (stored) {
      this.token.set(stored);
      this.state.set({ state: 'analysing', view: null });
      void this.poll();
    }
  }

  protected onDragOver(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(true);
  }

  protected onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    const file = event.dataTransfer?.files?.[0];
    if (file) void this.analyse(file);
  }

  protected onPicked(input: HTMLInputElement): void {
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.analyse(file);
  }

  protected startOver(): void {
    this.stopPolling();
    this.api.storeToken(null);
    this.token.set(null);
    this.state.set({ state: 'idle' });
  }

  private async analyse(file: File): Promise<void> {
    this.stopPolling();
    this.state.set({ state: 'uploading', fileName: file.name });
    try {
      const created = await firstValueFrom(this.api.upload(file));
      this.api.storeToken(created.token);
      this.token.set(created.token);
      this.state.set({ state: 'analysing', view: null });
      await this.poll();
    } catch (error) {
      this.fail(error);
    }
  }

  private async poll(): Promise<void> {
    const token = this.token();
    if (!token) return;
    try {
      const view = await firstValueFrom(this.api.current(token));
      if (ACTIVE.has(view.run.status) || (view.run.status === 'succeeded' && !view.report)) {
        this.state.set({ state: 'analysing', view });
        this.timer = setTimeout(() => void this.poll(), POLL_MS);
      } else {
        this.state.set({ state: 'ready', view });
      }
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 410) {
        // The sandbox expired or was kept by an account: this browser starts afresh.
        this.api.storeToken(null);
        this.token.set(null);
      }
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const problem = problemOf(error);
    const fileErrors = (problem as { errors?: CostFileError[] } | null)?.errors?.filter((e) => typeof e.file === 'string') ?? [];
    // A refused file's problems are listed by line below its summary, not folded into one sentence.
    const message = problem && fileErrors.length ? `${problem.title}. ${problem.detail ?? ''}`.trim() : problemMessage(error);
    this.state.set({ state: 'failed', message, errors: fileErrors.slice(0, 5) });
  }

  private stopPolling(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
