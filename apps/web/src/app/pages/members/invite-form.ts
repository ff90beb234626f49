import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { CreateInvitation, InvitationView } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { applyServerErrors, focusFirstInvalid, notBlank, serverErrorOr } from '../../core/form-errors';
import { PageFailure } from '../../core/page-failure';
import { GatedNotice } from '../../shared/gated-notice';

/** Invites someone by email; they get a link to join the organisation. */
@Component({
  selector: 'apex-invite-form',
  imports: [DatePipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, GatedNotice],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Invite a teammate">
      <div class="row">
        <mat-form-field appearance="outline" class="email">
          <mat-label>Email to invite</mat-label>
          <input matInput type="email" formControlName="email" autocomplete="off" required />
          <mat-error>{{ serverErrorOr(form.controls.email, 'Enter a valid email address.') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" class="role">
          <mat-label>Role</mat-label>
          <mat-select formControlName="role">
            <mat-option value="member">Member</mat-option>
            <mat-option value="admin">Admin</mat-option>
          </mat-select>
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="sending()">Send invitation</button>
      </div>
    </form>
    <div aria-live="polite">
      @if (failure.gated(); as block) {
        <apex-gated-notice [block]="block" />
      } @else if (failure.error(); as message) {
        <div class="banner banner--error" role="alert">{{ message }}</div>
      } @else if (sent(); as invitation) {
        <div class="banner banner--success">
          Invitation sent to {{ invitation.email }} as {{ invitation.role }}. The link expires {{ invitation.expiresAt | date: 'MMM d, HH:mm' }}.
        </div>
      }
    </div>
  `,
  styles: `
    .row { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
    .email { flex: 1 1 280px; }
    .role { flex: 0 0 160px; }
    button { margin-top: 10px; }
  `,
})
export class InviteForm {
  private readonly api = inject(ApiClient);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly serverErrorOr = serverErrorOr;
  protected readonly sending = signal(false);
  protected readonly failure = new PageFailure();
  protected readonly sent = signal<InvitationView | null>(null);

  private readonly formDirective = viewChild(FormGroupDirective);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [notBlank, Validators.email, Validators.maxLength(254)]],
    role: ['member' as CreateInvitation['role']],
  });

  protected submit(): void {
    if (this.sending()) return;
    this.failure.error.set(null);
    this.failure.gated.set(null);
    this.sent.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    const { email, role } = this.form.getRawValue();
    this.sending.set(true);
    this.api.invite({ email: email.trim(), role }).subscribe({
      next: (invitation) => {
        this.sending.set(false);
        this.sent.set(invitation);
        // resetForm() also clears the submitted state, so the emptied field shows no error.
        this.formDirective()?.resetForm();
      },
      error: (error: unknown) => {
        this.sending.set(false);
        this.failure.show(error, (e) => applyServerErrors(this.form, e));
      },
    });
  }
}
