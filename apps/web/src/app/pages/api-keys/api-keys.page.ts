import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { switchMap } from 'rxjs';
import type { ApiKeyView, CreatedApiKey } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { applyServerErrors, focusFirstInvalid, notBlank } from '../../core/form-errors';
import { PageFailure } from '../../core/page-failure';
import { askToConfirm, ConfirmData } from '../../shared/confirm.dialog';
import { GatedNotice } from '../../shared/gated-notice';
import { CreatedKeyDialog } from './created-key.dialog';

/** Keys for machines to call the Apex API: create (secret shown once), list, revoke. */
@Component({
  selector: 'apex-api-keys-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    GatedNotice,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page list-page" aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      <p class="lede">Let your own services call Apex. Send a key in the <code>X-Api-Key</code> header; it acts for your organisation with your rights.</p>

      @if (failure.gated(); as block) {
        <div class="gated"><apex-gated-notice [block]="block" /></div>
      } @else {
        <mat-card appearance="outlined" class="add-card">
          <h2>Create a key</h2>
          <form [formGroup]="form" (ngSubmit)="create()" novalidate aria-label="Create an API key">
            <mat-form-field appearance="outline" class="name">
              <mat-label>Key name</mat-label>
              <input matInput formControlName="name" placeholder="e.g. Billing export job" required />
              <mat-hint>So you can tell your keys apart.</mat-hint>
              @if (form.controls.name.hasError('server')) {
                <mat-error>{{ form.controls.name.getError('server') }}</mat-error>
              } @else if (form.controls.name.hasError('maxlength')) {
                <mat-error>Use at most 100 characters.</mat-error>
              } @else {
                <mat-error>Name the key.</mat-error>
              }
            </mat-form-field>
            <button mat-flat-button type="submit" [disabled]="creating()">Create key</button>
          </form>
        </mat-card>
      }

      <div aria-live="polite">
        @if (failure.error(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        } @else if (notice(); as message) {
          <div class="banner banner--success">{{ message }}</div>
        }
      </div>

      @if (keys(); as keys) {
        @if (keys.length === 0) {
          <p class="empty">No API keys yet.</p>
        } @else {
          <div class="scroll">
            <table>
              <caption class="visually-hidden">Your API keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                @for (key of keys; track key.id) {
                  <tr [class.revoked]="key.revokedAt">
                    <th scope="row">{{ key.name }}</th>
                    <td><code>apx_{{ key.prefix }}_…</code></td>
                    <td>{{ key.createdAt | date: 'mediumDate' }}</td>
                    <td>{{ key.lastUsedAt ? (key.lastUsedAt | date: 'MMM d, HH:mm') : 'Never' }}</td>
                    <td>{{ key.revokedAt ? 'Revoked ' + (key.revokedAt | date: 'mediumDate') : 'Active' }}</td>
                    <td class="action">
                      @if (!key.revokedAt) {
                        <button mat-button type="button" (click)="revoke(key)" [attr.aria-label]="'Revoke ' + key.name">Revoke</button>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      } @else if (!failure.error()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading API keys" />
      }
    </section>
  `,
  styleUrls: ['../../shared/list-page.css', '../../shared/data-table.css'],
  styles: `
    code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
    .gated { margin-bottom: 24px; }
    form { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
    .name { flex: 1 1 320px; }
    form button { margin-top: 10px; }
    .empty { color: var(--mat-sys-on-surface-variant); }
    .revoked { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class ApiKeysPage {
  private readonly api = inject(ApiClient);
  private readonly dialog = inject(MatDialog);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly keys = signal<ApiKeyView[] | null>(null);
  protected readonly failure = new PageFailure();
  protected readonly notice = signal<string | null>(null);
  protected readonly creating = signal(false);

  private readonly formDirective = viewChild(FormGroupDirective);

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [notBlank, Validators.maxLength(100)]],
  });

  constructor() {
    this.load();
  }

  private load(): void {
    this.api.apiKeys().subscribe({
      next: (keys) => this.keys.set(keys),
      error: (error: unknown) => this.failure.show(error),
    });
  }

  protected create(): void {
    if (this.creating()) return;
    this.failure.error.set(null);
    this.notice.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    this.creating.set(true);
    this.api.createApiKey(this.form.getRawValue().name.trim()).subscribe({
      next: (created) => {
        this.creating.set(false);
        // resetForm() also clears the submitted state, so the emptied field shows no error.
        this.formDirective()?.resetForm();
        this.showOnce(created);
        this.load();
      },
      error: (error: unknown) => {
        this.creating.set(false);
        this.failure.show(error, (e) => applyServerErrors(this.form, e));
      },
    });
  }

  private showOnce(created: CreatedApiKey): void {
    this.dialog.open(CreatedKeyDialog, { data: created, width: '560px', maxWidth: 'calc(100vw - 32px)', disableClose: true });
  }

  protected revoke(key: ApiKeyView): void {
    this.failure.error.set(null);
    this.notice.set(null);
    const data: ConfirmData = {
      title: `Revoke "${key.name}"?`,
      message: `Anything still using apx_${key.prefix}_… stops working at once. This cannot be undone.`,
      confirm: 'Revoke key',
    };
    askToConfirm(this.dialog, data)
      .pipe(switchMap(() => this.api.revokeApiKey(key.id)))
      .subscribe({
        next: () => {
          this.notice.set(`"${key.name}" is revoked.`);
          this.load();
        },
        error: (error: unknown) => this.failure.show(error),
      });
  }
}
