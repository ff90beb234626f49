import { ClipboardModule } from '@angular/cdk/clipboard';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, linkedSignal, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { switchMap } from 'rxjs';
import type { CreatedProofShareLink, ProofShareLink, ProofShareLinkStatus } from '@apex/contracts';
import { PROOF_SHARE_LINK_DEFAULT_DAYS } from '@apex/contracts';
import { problemMessage } from '../../../core/problem-message';
import { askToConfirm } from '../../../shared/confirm.dialog';
import { LoadState } from '../../value/load-state';
import { Loadable, loadOnChange } from '../../value/loadable';
import { ShareLinksApi } from './share-links-api';

/** How long a new link works: the owner's choice, within the API's 1 to 365 days. */
export const EXPIRY_CHOICES = [
  { days: 1, label: '1 day' },
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
] as const;

const STATUS_WORDS: Record<ProofShareLinkStatus, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

/**
 * The owner's share links of a finished proof: create one (its URL shown once, with a copy button), see each link's
 * expiry, status and how often it was opened, and revoke one.
 */
@Component({
  selector: 'apex-proof-share-links',
  imports: [ClipboardModule, DatePipe, ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card share-links" data-testid="share-links">
      <h2>Share this report</h2>
      <p class="hint">
        Anyone with a link can read this signed report and verify it, without logging in, until the link expires or you revoke it. The shared page
        shows no names and no internal ids.
      </p>

      <form class="create" [formGroup]="form" (ngSubmit)="create()" aria-label="Create a share link">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Link works for</mat-label>
          <select matNativeControl formControlName="expiresInDays" data-testid="share-link-expiry">
            @for (choice of choices; track choice.days) {
              <option [ngValue]="choice.days">{{ choice.label }}</option>
            }
          </select>
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="creating()" data-testid="share-link-create">Create link</button>
      </form>

      <div aria-live="polite">
        @if (failure(); as message) {
          <div class="banner banner--error" role="alert" data-testid="share-links-error">{{ message }}</div>
        } @else if (notice(); as message) {
          <div class="banner banner--success" data-testid="share-links-notice">{{ message }}</div>
        }
      </div>

      @if (created(); as link) {
        <div class="created" data-testid="share-link-created">
          <p class="warning" role="note">
            <strong>Copy this link now: it is shown only once.</strong> Apex keeps only a hash of it, so it cannot show it again. If you lose it, revoke it and
            create a new one.
          </p>
          <label class="label" for="new-share-link">Link to this report, works until {{ link.expiresAt | date: 'd MMM y, HH:mm' }}</label>
          <div class="secret">
            <input id="new-share-link" readonly [value]="link.url" (focus)="select($event)" data-testid="share-link-url" />
            <button mat-stroked-button type="button" [cdkCopyToClipboard]="link.url" (cdkCopyToClipboardCopied)="copied.set($event)" data-testid="share-link-copy">
              {{ copied() ? 'Copied' : 'Copy' }}
            </button>
          </div>
          <p class="status" role="status">{{ copied() ? 'The link is on your clipboard.' : '' }}</p>
          <button mat-button type="button" class="saved" (click)="created.set(null)">I've saved the link</button>
        </div>
      }

      <apex-load-state [loadable]="loadable()" label="Loading share links" />
      @if (links(); as links) {
        @if (links.length === 0) {
          <p class="empty" data-testid="share-links-empty">No share links yet.</p>
        } @else {
          <div class="scroll">
            <table data-testid="share-links-table">
              <caption class="visually-hidden">Share links of this report</caption>
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">Opened</th>
                  <th scope="col">Last opened</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                @for (link of links; track link.id) {
                  <tr [class.inactive]="link.status !== 'active'" data-testid="share-link-row">
                    <td>{{ link.createdAt | date: 'd MMM y, HH:mm' }}</td>
                    <td>{{ link.expiresAt | date: 'd MMM y, HH:mm' }}</td>
                    <td data-testid="share-link-status">{{ statusWords[link.status] }}{{ link.revokedAt ? ' ' + (link.revokedAt | date: 'd MMM y') : '' }}</td>
                    <td class="num" data-testid="share-link-opens">{{ link.openCount === 1 ? '1 time' : link.openCount + ' times' }}</td>
                    <td data-testid="share-link-last-opened">{{ link.lastOpenedAt ? (link.lastOpenedAt | date: 'd MMM y, HH:mm') : 'Never' }}</td>
                    <td class="action">
                      @if (link.status === 'active') {
                        <button mat-button type="button" (click)="revoke(link)" data-testid="share-link-revoke" [attr.aria-label]="'Revoke the link created ' + (link.createdAt | date: 'd MMM y, HH:mm')">Revoke</button>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      }
    </mat-card>
  `,
  styleUrls: ['../../value/value.css', '../../../shared/data-table.css'],
  styles: `
    .share-links { display: flex; flex-direction: column; gap: 12px; }
    .hint { margin: 0; max-width: 760px; }
    .create { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; }
    .create mat-form-field { width: 200px; }
    .warning { margin: 0 0 12px; padding: 12px 16px; border-radius: 8px; border-left: 4px solid var(--mat-sys-primary); background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .label { display: block; margin-bottom: 4px; font: var(--mat-sys-label-large); }
    .secret { display: flex; gap: 8px; align-items: center; }
    .secret input {
      flex: 1; min-width: 0; padding: 10px 12px; border: 1px solid var(--mat-sys-outline); border-radius: 8px;
      background: var(--mat-sys-surface-container-high); color: var(--mat-sys-on-surface);
      font: 14px/1.4 ui-monospace, Menlo, Consolas, monospace;
    }
    .saved { margin-left: -12px; }
    .status { min-height: 20px; margin: 8px 0 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .empty { margin: 0; color: var(--mat-sys-on-surface-variant); }
    .inactive { color: var(--mat-sys-on-surface-variant); }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
  `,
})
export class ProofShareLinks {
  readonly proofId = input.required<string>();

  private readonly api = inject(ShareLinksApi);
  private readonly dialog = inject(MatDialog);

  protected readonly choices = EXPIRY_CHOICES;
  protected readonly statusWords = STATUS_WORDS;
  protected readonly form = new FormGroup({ expiresInDays: new FormControl<number>(PROOF_SHARE_LINK_DEFAULT_DAYS, { nonNullable: true }) });
  protected readonly creating = signal(false);
  protected readonly created = signal<CreatedProofShareLink | null>(null);
  protected readonly copied = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  /** Bumped after a change, to load the list again. */
  private readonly version = signal(0);
  protected readonly loadable = loadOnChange(
    () => ({ proofId: this.proofId(), version: this.version() }),
    ({ proofId }) => this.api.list(proofId),
  );
  /** The latest list, kept on screen while it loads again. */
  protected readonly links = linkedSignal<Loadable<ProofShareLink[]>, ProofShareLink[] | null>({
    source: this.loadable,
    computation: (loadable, previous) => (loadable.state === 'loaded' ? loadable.value : (previous?.value ?? null)),
  });

  protected create(): void {
    if (this.creating()) return;
    this.failure.set(null);
    this.notice.set(null);
    this.copied.set(false);
    this.creating.set(true);
    this.api.create(this.proofId(), this.form.getRawValue()).subscribe({
      next: (link) => {
        this.creating.set(false);
        this.created.set(link);
        this.version.update((n) => n + 1);
      },
      error: (error: unknown) => {
        this.creating.set(false);
        this.failure.set(problemMessage(error));
      },
    });
  }

  protected revoke(link: ProofShareLink): void {
    this.failure.set(null);
    this.notice.set(null);
    askToConfirm(this.dialog, {
      title: 'Revoke this link?',
      message: 'Anyone who opens it from now on sees only "This link is not available". This cannot be undone; you can create a new link.',
      confirm: 'Revoke link',
    })
      .pipe(switchMap(() => this.api.revoke(this.proofId(), link.id)))
      .subscribe({
        next: () => {
          if (this.created()?.id === link.id) this.created.set(null);
          this.notice.set('The link is revoked: it no longer opens the report.');
          this.version.update((n) => n + 1);
        },
        error: (error: unknown) => this.failure.set(problemMessage(error)),
      });
  }

  protected select(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }
}
