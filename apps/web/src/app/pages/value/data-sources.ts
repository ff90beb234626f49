import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, output, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import type { CostConnectionView, CostFileUploaded, CostFileView } from '@apex/contracts';
import { PageFailure } from '../../core/page-failure';
import { GatedNotice } from '../../shared/gated-notice';
import { ConnectAccount } from './connect-account';
import { ConnectionsList, isSyncing } from './connections-list';
import { FocusUpload } from './focus-upload';
import { ValueApi } from './value-api';
import { formatCount } from './value-format';
import { CostFileWarnings } from './cost-file-warnings';

/** How often the connections are reloaded while one is starting or backfilling. */
export const CONNECTION_POLL_MS = 3000;

type Action = 'upload' | 'connect';

/** Where the organisation's cost data comes from: upload a FOCUS file, connect an account, and what is connected. */
@Component({
  selector: 'apex-data-sources',
  imports: [DatePipe, MatCardModule, MatButtonToggleModule, GatedNotice, ConnectAccount, ConnectionsList, FocusUpload, CostFileWarnings],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <div class="card-head">
        <h2 id="data-sources-title">{{ empty() ? 'Bring in your cost data' : 'Data sources' }}</h2>
        <mat-button-toggle-group [value]="action()" (change)="action.set($event.value)" aria-label="Add cost data" hideSingleSelectionIndicator>
          <mat-button-toggle value="upload">Upload a FOCUS file</mat-button-toggle>
          <mat-button-toggle value="connect">Connect an account</mat-button-toggle>
        </mat-button-toggle-group>
      </div>
      @if (empty()) {
        <p class="hint">Connect AWS, Azure, Google Cloud or OpenAI and Apex backfills the last months, or upload a FOCUS export from any provider.</p>
      }
      @switch (action()) {
        @case ('upload') {
          <apex-focus-upload (uploaded)="onUploaded($event)" />
        }
        @case ('connect') {
          @if (failure.gated(); as block) {
            <apex-gated-notice [block]="block" />
          } @else {
            <apex-connect-account (connected)="onConnected($event)" />
          }
        }
      }

      @if (failure.error(); as message) {
        <div class="banner banner--error" role="alert">{{ message }}</div>
      }
      @if (connections().length > 0) {
        <h3>Connections</h3>
        <apex-connections-list [connections]="connections()" />
      }
      @if (files().length > 0) {
        <h3>Uploaded files</h3>
        <ul class="files">
          @for (file of files(); track file.id) {
            <li data-testid="uploaded-file">
              <strong>{{ file.fileName }}</strong>
              <span class="muted">
                FOCUS {{ file.focusVersion }} · {{ count(file.rowCount) }} rows · {{ file.status }} · uploaded {{ file.uploadedAt | date: 'd MMM y, HH:mm' }}
              </span>
              <apex-cost-file-warnings class="file-warnings" [warnings]="file.warnings" />
            </li>
          }
        </ul>
      }
    </mat-card>
  `,
  styleUrls: ['./value.css'],
  styles: `
    h3 { margin: 24px 0 8px; font: var(--mat-sys-title-medium); }
    .files { margin: 0; padding: 0; list-style: none; }
    .files li { padding: 6px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); display: flex; flex-wrap: wrap; gap: 4px 12px; }
    .file-warnings { flex-basis: 100%; }
  `,
})
export class DataSources {
  /** The organisation has no cost data yet: the section leads the page. */
  readonly empty = input(false);
  /** New cost data arrived (an upload loaded, a backfill finished): the figures are out of date. */
  readonly dataChanged = output<void>();

  private readonly api = inject(ValueApi);
  protected readonly action = signal<Action>('upload');
  protected readonly connections = signal<CostConnectionView[]>([]);
  protected readonly files = signal<CostFileView[]>([]);
  protected readonly failure = new PageFailure();

  constructor() {
    this.loadConnections();
    this.loadFiles();
    const poll = setInterval(() => {
      if (this.connections().some(isSyncing)) this.loadConnections();
    }, CONNECTION_POLL_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(poll));
  }

  protected count(rows: number): string {
    return formatCount(String(rows));
  }

  protected onUploaded(_uploaded: CostFileUploaded): void {
    this.loadFiles();
    this.loadConnections();
    this.dataChanged.emit();
  }

  protected onConnected(connection: CostConnectionView): void {
    this.connections.update((list) => [connection, ...list.filter((c) => c.id !== connection.id)]);
    this.loadConnections();
  }

  private loadConnections(): void {
    this.api.connections().subscribe({
      next: (connections) => {
        const before = new Map(this.connections().map((c) => [c.id, c]));
        this.connections.set(connections);
        // A backfill that finished a month, or finished altogether, brought rows the figures do not show yet.
        const arrived = connections.some((c) => {
          const previous = before.get(c.id);
          if (!previous || !isSyncing(previous)) return false;
          return !isSyncing(c) || (c.backfill?.monthsDone ?? 0) > (previous.backfill?.monthsDone ?? 0);
        });
        if (arrived) this.dataChanged.emit();
      },
      error: (error: unknown) => this.failure.show(error),
    });
  }

  private loadFiles(): void {
    this.api.costFiles().subscribe({
      next: (files) => this.files.set(files),
      error: (error: unknown) => this.failure.show(error),
    });
  }
}
