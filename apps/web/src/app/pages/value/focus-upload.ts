import { HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Subscription, switchMap, timer } from 'rxjs';
import type { CostFileError, CostFileUploaded } from '@apex/contracts';
import { problemMessage, problemOf } from '../../core/problem-message';
import { CostFileUploader, newUploadId } from './cost-file-uploader';
import { addDays, formatBytes, formatCount, formatMoney, formatRange } from './value-format';
import { CostFileWarnings } from './cost-file-warnings';

const ACCEPTED = /\.(csv|csv\.gz|gz)$/i;

/** Why a file was refused, as the API lists it: each problem with its line and column. */
export interface UploadFailure {
  message: string;
  errors: CostFileError[];
  moreErrors: number;
}

/** One problem of a refused file as a person reads it: "Line 5, column BilledCost: must be a decimal number". */
export function describeFileError(error: CostFileError): string {
  const where = [error.line !== null ? `Line ${error.line}` : null, error.column ? `column ${error.column}` : null].filter(Boolean).join(', ');
  return where ? `${where}: ${error.message}` : error.message;
}

export function uploadFailureOf(error: unknown): UploadFailure {
  const problem = problemOf(error);
  const errors = Array.isArray(problem?.errors) ? (problem.errors as CostFileError[]).filter((e) => typeof e?.message === 'string') : [];
  if (problem?.status === 422 && errors.length > 0) {
    const more = typeof problem['moreErrors'] === 'number' ? problem['moreErrors'] : 0;
    return { message: `${problem.title}${/[.!?]$/.test(problem.title) ? '' : '.'} Nothing of it was loaded.`, errors, moreErrors: more };
  }
  return { message: problemMessage(error), errors: [], moreErrors: 0 };
}

/** What the file was: its FOCUS version, or the provider's export it was converted from. */
export function formatOf(uploaded: Pick<CostFileUploaded, 'focusVersion' | 'sourceFormat'>): string {
  return uploaded.sourceFormat ? `${uploaded.sourceFormat.name}, converted to FOCUS ${uploaded.focusVersion}` : `FOCUS ${uploaded.focusVersion}`;
}

/** [start, end) of an upload as days people read. */
function periodOf(uploaded: CostFileUploaded): string {
  const start = uploaded.periodStart.slice(0, 10);
  const end = uploaded.periodEnd.slice(11, 19) === '00:00:00' ? uploaded.periodEnd.slice(0, 10) : addDays(uploaded.periodEnd.slice(0, 10), 1);
  return formatRange(start, end);
}

/** How often the rows read so far are asked for while a file loads. */
const PROGRESS_EVERY_MS = 1000;

/**
 * Picks a FOCUS export (.csv or .csv.gz) and sends it as is; shows the upload's progress (bytes sent, and the rows
 * the server has read so far), lets it be cancelled, then shows what was loaded or why not.
 */
@Component({
  selector: 'apex-focus-upload',
  imports: [MatButtonModule, MatProgressBarModule, CostFileWarnings],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="upload">
      <p class="what">A FinOps FOCUS export (versions 1.0 to 1.2) from any provider, or a provider's own export: an AWS Cost and Usage Report (legacy or CUR 2.0), Azure cost details (EA or MCA, actual or amortised), a Google Cloud billing export (CSV or newline-delimited JSON) or an OCI cost report, converted to FOCUS as it loads. As <code>.csv</code>, <code>.json</code> or gzip-compressed <code>.gz</code>; the file is loaded whole or not at all.</p>
      <input #picker type="file" class="visually-hidden" accept=".csv,.gz,.json,.jsonl,.ndjson,text/csv,application/gzip,application/json,application/x-ndjson" (change)="pick(picker.files)" data-testid="focus-file-input" aria-label="FOCUS file" />
      <div class="actions">
        <button mat-stroked-button type="button" (click)="picker.click()" [disabled]="busy()">Choose a file</button>
        @if (file(); as file) {
          <span class="chosen" data-testid="chosen-file">{{ file.name }} · {{ bytes(file.size) }}</span>
          <button mat-flat-button type="button" (click)="upload()" [disabled]="busy()">Upload</button>
        } @else {
          <span class="muted">No file chosen.</span>
        }
      </div>

      <div aria-live="polite">
        @if (busy()) {
          @if (sent() < 100) {
            <mat-progress-bar mode="determinate" [value]="sent()" aria-label="Uploading the file" />
            <p class="muted" data-testid="upload-progress">Uploading… {{ sent() }}% · {{ bytes(sentBytes()) }} of {{ bytes(totalBytes()) }}@if (rows() > 0) { · {{ count(rows()) }} rows read}</p>
          } @else {
            <mat-progress-bar mode="indeterminate" aria-label="Checking and loading the file" />
            <p class="muted" data-testid="upload-progress">Uploaded. Checking every row and loading it…@if (rows() > 0) { {{ count(rows()) }} rows read so far.}</p>
          }
          <button mat-stroked-button type="button" (click)="cancel()" data-testid="cancel-upload">Cancel upload</button>
        }
        @if (cancelled()) {
          <p class="muted" data-testid="upload-cancelled">Upload cancelled. Nothing of it was stored.</p>
        }
        @if (result(); as result) {
          <div class="banner banner--success" data-testid="upload-result">
            <p>Loaded {{ result.rowCount }} {{ result.rowCount === 1 ? 'row' : 'rows' }} of {{ result.fileName }} ({{ format(result) }}), covering {{ period(result) }}.</p>
            @for (total of result.totals; track total.currency) {
              <p>{{ total.currency }}: {{ total.rowCount }} rows, effective cost {{ money(total.effectiveCost, total.currency) }}, billed cost {{ money(total.billedCost, total.currency) }}.</p>
            }
            @if (result.replaced > 0) {
              <p>It replaced {{ result.replaced }} rows of earlier uploads of the same period.</p>
            }
            <apex-cost-file-warnings [warnings]="result.warnings" />
          </div>
        }
        @if (failure(); as failure) {
          <div class="banner banner--error" role="alert" data-testid="upload-error">
            <p>{{ failure.message }}</p>
            @if (failure.errors.length > 0) {
              <ul>
                @for (error of failure.errors; track $index) {
                  <li>{{ describe(error) }}</li>
                }
              </ul>
              @if (failure.moreErrors > 0) {
                <p>…and {{ failure.moreErrors }} more {{ failure.moreErrors === 1 ? 'problem' : 'problems' }}.</p>
              }
            }
          </div>
        }
      </div>
    </div>
  `,
  styles: `
    .what { margin: 0 0 12px; color: var(--mat-sys-on-surface-variant); }
    .actions { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; margin-bottom: 12px; }
    .chosen { font: var(--mat-sys-body-medium); overflow-wrap: anywhere; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .banner p { margin: 0 0 4px; }
    .banner ul { margin: 4px 0; padding-left: 20px; }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; }
  `,
})
export class FocusUpload {
  readonly uploaded = output<CostFileUploaded>();

  private readonly uploader = inject(CostFileUploader);
  protected readonly file = signal<File | null>(null);
  protected readonly busy = signal(false);
  protected readonly sent = signal(0);
  protected readonly sentBytes = signal(0);
  protected readonly totalBytes = signal(0);
  protected readonly rows = signal(0);
  protected readonly cancelled = signal(false);
  protected readonly result = signal<CostFileUploaded | null>(null);
  protected readonly failure = signal<UploadFailure | null>(null);
  protected readonly bytes = formatBytes;
  protected readonly count = (n: number) => formatCount(String(n));
  protected readonly money = formatMoney;
  protected readonly period = periodOf;
  protected readonly format = formatOf;
  protected readonly describe = describeFileError;
  private sending: Subscription | null = null;
  private following: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  protected pick(files: FileList | null): void {
    const file = files?.[0] ?? null;
    this.result.set(null);
    this.failure.set(null);
    this.cancelled.set(false);
    if (file && !ACCEPTED.test(file.name)) {
      this.file.set(null);
      this.failure.set({ message: `${file.name} is not a CSV file: choose a FOCUS export ending in .csv or .csv.gz.`, errors: [], moreErrors: 0 });
      return;
    }
    this.file.set(file);
  }

  protected upload(): void {
    const file = this.file();
    if (!file || this.busy()) return;
    const uploadId = newUploadId();
    this.busy.set(true);
    this.sent.set(0);
    this.sentBytes.set(0);
    this.totalBytes.set(file.size);
    this.rows.set(0);
    this.result.set(null);
    this.failure.set(null);
    this.cancelled.set(false);
    this.following = timer(PROGRESS_EVERY_MS, PROGRESS_EVERY_MS)
      .pipe(switchMap(() => this.uploader.progress(uploadId)))
      .subscribe((progress) => {
        if (progress && progress.rows > this.rows()) this.rows.set(progress.rows);
      });
    this.sending = this.uploader.upload(file, uploadId).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress) {
          this.sent.set(event.total ? Math.floor((100 * event.loaded) / event.total) : 0);
          this.sentBytes.set(event.loaded);
        } else if (event.type === HttpEventType.Response && event.body) {
          this.stop();
          this.busy.set(false);
          this.file.set(null);
          this.result.set(event.body);
          this.uploaded.emit(event.body);
        }
      },
      error: (error: unknown) => {
        this.stop();
        this.busy.set(false);
        this.failure.set(uploadFailureOf(error));
      },
    });
  }

  /** Aborts the request: the server stops reading and stores nothing of the file. */
  protected cancel(): void {
    if (!this.busy()) return;
    this.stop();
    this.busy.set(false);
    this.cancelled.set(true);
  }

  private stop(): void {
    this.sending?.unsubscribe();
    this.following?.unsubscribe();
    this.sending = null;
    this.following = null;
  }
}
