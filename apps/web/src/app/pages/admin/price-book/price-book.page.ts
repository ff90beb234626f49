import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { forkJoin } from 'rxjs';
import type { PriceBookDiff, PriceBookVersionDetail, PriceBookVersionView } from '@apex/contracts';
import { problemMessage } from '../../../core/problem-message';
import { askToConfirm } from '../../../shared/confirm.dialog';
import { PriceBookApi } from './price-book-api';
import { PriceBookDiffTable } from './price-book-diff-table';
import { PriceFilesForm } from './price-files-form';

/** How many quarantined entries and conflicts a version's panel lists. */
const LISTED = 50;

/**
 * For Apex operators: the price-book versions every figure is priced from. Import a new version from the two public
 * price files, see what it changes against the active one, and activate it.
 */
@Component({
  selector: 'apex-price-book-page',
  imports: [DatePipe, MatButtonModule, MatCardModule, MatProgressBarModule, PriceBookDiffTable, PriceFilesForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page list-page" aria-labelledby="price-book-title">
      <p class="eyebrow">Operators</p>
      <h1 id="price-book-title">Price book</h1>
      <p class="lede">
        Every figure Apex computes is priced from one version of these model prices, as of each cost row's charge date, and records that version.
      </p>

      <div aria-live="polite">
        @if (error(); as message) {
          <div class="banner banner--error" role="alert" data-testid="price-book-error">{{ message }}</div>
        }
        @if (notice(); as message) {
          <div class="banner banner--success" data-testid="price-book-notice">{{ message }}</div>
        }
      </div>

      @if (versions(); as list) {
        <div class="scroll">
          <table data-testid="price-book-versions">
            <caption class="visually-hidden">Price-book versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Imported</th>
                <th scope="col" class="number">Entries</th>
                <th scope="col" class="number">Quarantined</th>
                <th scope="col" class="number">Conflicts</th>
              </tr>
            </thead>
            <tbody>
              @for (v of list; track v.version) {
                <tr data-testid="price-book-version" [class.chosen]="v.version === selected()?.version" (click)="select(v.version)">
                  <th scope="row"><button type="button" class="pick">Version {{ v.version }}</button></th>
                  <td><span class="status" [attr.data-status]="v.status">{{ v.status }}</span></td>
                  <td>{{ v.importedAt | date: 'd MMM y, HH:mm' }}</td>
                  <td class="number">{{ v.entryCount }}</td>
                  <td class="number">{{ v.quarantinedCount }}</td>
                  <td class="number">{{ v.conflictCount }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      } @else {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the price book" />
      }

      @if (selected(); as v) {
        <section class="selected" aria-labelledby="version-title">
          <h2 id="version-title">Version {{ v.version }} <span class="status" [attr.data-status]="v.status">{{ v.status }}</span></h2>
          <div class="columns">
            <mat-card appearance="outlined" class="card">
              <h3>What activating it changes</h3>
              @if (diff(); as d) {
                <apex-price-book-diff-table [diff]="d" />
              } @else {
                <mat-progress-bar mode="indeterminate" aria-label="Comparing with the active version" />
              }
              @if (v.status !== 'active') {
                <button mat-flat-button type="button" data-testid="activate-version" [disabled]="activating()" (click)="activate(v)">
                  Activate version {{ v.version }}
                </button>
              }
            </mat-card>
            <mat-card appearance="outlined" class="card">
              <h3>Sources</h3>
              <ul class="plain">
                @for (s of v.sources; track s.name) {
                  <li>{{ s.source }} · {{ s.licence }} · <code title="SHA-256">{{ s.sha256.slice(0, 12) }}</code></li>
                }
              </ul>
              <h3>Rules neither file carries</h3>
              <ul class="plain">
                @for (r of v.rules; track r.id) {
                  <li>{{ r.provider }} {{ r.kind.replaceAll('_', ' ') }} {{ r.value }} ({{ r.appliesTo }}) — <a [href]="r.sourceUrl" target="_blank" rel="noopener">source</a></li>
                }
              </ul>
            </mat-card>
          </div>
          <mat-card appearance="outlined" class="card">
            <h3>Quarantined entries ({{ v.quarantined.length }})</h3>
            <p class="explain">Left out of the version because they cannot be right; the rest of the file was imported.</p>
            <ul class="plain" data-testid="quarantined">
              @for (q of v.quarantined.slice(0, listed); track $index) {
                <li><code>{{ q.source }} {{ q.entry }}</code> {{ q.field }}: {{ q.reason }}</li>
              }
            </ul>
            @if (v.quarantined.length > listed) { <p class="explain">and {{ v.quarantined.length - listed }} more.</p> }
            <h3>Where the files disagreed ({{ v.conflicts.length }})</h3>
            <ul class="plain">
              @for (c of v.conflicts.slice(0, listed); track $index) {
                <li><code>{{ c.provider }}/{{ c.model }}</code> {{ c.field }}: {{ c.winner }} won — {{ c.reason }}</li>
              }
            </ul>
            @if (v.conflicts.length > listed) { <p class="explain">and {{ v.conflicts.length - listed }} more.</p> }
          </mat-card>
        </section>
      }

      <mat-card appearance="outlined" class="card import">
        <h3>Import a new version</h3>
        <p class="explain">Upload both public files as their publishers ship them. The new version is a draft until you activate it.</p>
        <apex-price-files-form (imported)="imported($event)" />
      </mat-card>
    </section>
  `,
  styleUrls: ['../../../shared/list-page.css', '../../../shared/data-table.css'],
  styles: `
    .eyebrow { margin: 0 0 4px; color: var(--mat-sys-primary); font: var(--mat-sys-label-large); letter-spacing: 0.04em; text-transform: uppercase; }
    tbody tr { cursor: pointer; }
    tbody tr:hover { background: var(--mat-sys-surface-container-low); }
    tbody tr.chosen { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .pick { padding: 0; border: 0; background: none; cursor: pointer; color: var(--mat-sys-primary); font: inherit; font-weight: 500; }
    .number { text-align: right; }
    .status { display: inline-block; padding: 2px 10px; border-radius: 999px; background: var(--mat-sys-surface-container-high); font: var(--mat-sys-label-medium); }
    .status[data-status='active'] { background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .selected { margin-top: 32px; display: grid; gap: 16px; }
    .selected h2 { font: var(--mat-sys-headline-small); display: flex; gap: 12px; align-items: center; margin: 0; }
    .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 16px; align-items: start; }
    .card { padding: 20px 24px; }
    .import { margin-top: 32px; }
    h3 { margin: 0 0 12px; font: var(--mat-sys-title-medium); }
    .explain { margin: -4px 0 12px; color: var(--mat-sys-on-surface-variant); }
    .plain { margin: 0 0 16px; padding-left: 18px; max-height: 240px; overflow: auto; }
  `,
})
export class PriceBookPage implements OnInit {
  private readonly api = inject(PriceBookApi);
  private readonly dialog = inject(MatDialog);
  protected readonly listed = LISTED;

  protected readonly versions = signal<PriceBookVersionView[] | null>(null);
  protected readonly selected = signal<PriceBookVersionDetail | null>(null);
  protected readonly diff = signal<PriceBookDiff | null>(null);
  protected readonly activating = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  ngOnInit(): void {
    this.reload();
  }

  protected select(version: number): void {
    this.diff.set(null);
    this.error.set(null);
    forkJoin([this.api.detail(version), this.api.diff(version)]).subscribe({
      next: ([detail, diff]) => {
        this.selected.set(detail);
        this.diff.set(diff);
      },
      error: (error: unknown) => this.error.set(problemMessage(error)),
    });
  }

  protected imported(detail: PriceBookVersionDetail): void {
    this.notice.set(`Version ${detail.version} imported as a draft: ${detail.entryCount} entries, ${detail.quarantinedCount} quarantined.`);
    this.reload();
    this.select(detail.version);
  }

  protected activate(version: PriceBookVersionDetail): void {
    askToConfirm(this.dialog, {
      title: `Activate version ${version.version}?`,
      message: 'Runs from now on price with this version; figures already computed keep the version they used.',
      confirm: 'Activate',
    }).subscribe(() => {
      this.activating.set(true);
      this.api.activate(version.version).subscribe({
        next: (detail) => {
          this.activating.set(false);
          this.notice.set(`Version ${detail.version} is active.`);
          this.reload();
          this.select(detail.version);
        },
        error: (error: unknown) => {
          this.activating.set(false);
          this.error.set(problemMessage(error));
        },
      });
    });
  }

  private reload(): void {
    this.api.versions().subscribe({
      next: (versions) => {
        this.versions.set(versions);
        const active = versions.find((v) => v.status === 'active');
        if (!this.selected() && active) this.select(active.version);
      },
      error: (error: unknown) => this.error.set(problemMessage(error)),
    });
  }
}
