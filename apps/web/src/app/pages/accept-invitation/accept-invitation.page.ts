import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { InvitationPreview } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { AuthService } from '../../core/auth/auth.service';
import { problemMessage } from '../../core/problem-message';
import { notBlank, serverErrorOr } from '../../core/form-errors';
import { formSubmission } from '../../core/form-submission';
import { NewPasswordField, newPasswordValidators } from '../../shared/new-password-field';
import { AuthCard } from '../auth/auth-card';

/** Joins an organisation from an emailed invitation (?token=…): the invitee names themself and picks a password. */
@Component({
  selector: 'apex-accept-invitation-page',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, AuthCard, NewPasswordField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <apex-auth-card heading="Join your team on Apex" lede="You've been invited to an organisation. Set up your account to join it.">
      @if (!token()) {
        <div class="banner banner--error" role="alert">
          This link has no invitation token. Open the link from the invitation email again, or ask whoever invited you
          to send a new invitation.
        </div>
        <a mat-button routerLink="/">Go to the home page</a>
      } @else if (previewError(); as message) {
        <div class="banner banner--error" role="alert">{{ message }}</div>
        <p>Ask whoever invited you to send a new invitation.</p>
      } @else {
        @if (preview(); as invitation) {
          <p class="invited" data-testid="invitation-preview">
            {{ invitation.invitedBy }} invited you to join <strong>{{ invitation.organizationName }}</strong> as
            {{ invitation.role }}. You'll log in as {{ invitation.email }}.
          </p>
        }
        <form class="form-stack" [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="auth-title">
          @if (submission.error(); as message) {
            <div class="banner banner--error" role="alert">{{ message }}</div>
          }
          <mat-form-field appearance="outline">
            <mat-label>Your name</mat-label>
            <input matInput formControlName="name" autocomplete="name" required />
            <mat-error>{{ serverErrorOr(form.controls.name, 'Enter your name.') }}</mat-error>
          </mat-form-field>
          <apex-new-password-field [control]="form.controls.password" />
          <button mat-flat-button type="submit" [disabled]="submission.submitting()">Join the team</button>
        </form>
      }
    </apex-auth-card>
  `,
  styles: `.invited { margin: 0 0 20px; font: var(--mat-sys-body-large); }`,
})
export class AcceptInvitationPage {
  private readonly api = inject(ApiClient);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** The one-time token from the invitation link. */
  readonly token = input<string>();

  protected readonly serverErrorOr = serverErrorOr;
  protected readonly preview = signal<InvitationPreview | null>(null);
  protected readonly previewError = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [notBlank, Validators.maxLength(120)]],
    password: ['', newPasswordValidators],
  });

  protected readonly submission = formSubmission(this.form);

  constructor() {
    effect(() => {
      const token = this.token();
      if (!token) return;
      this.api.previewInvitation(token).subscribe({
        next: (preview) => this.preview.set(preview),
        error: (error: unknown) => this.previewError.set(problemMessage(error)),
      });
    });
  }

  protected async submit(): Promise<void> {
    const token = this.token();
    if (!token) return;
    await this.submission.submit(async () => {
      const { name, password } = this.form.getRawValue();
      await this.auth.acceptInvitation({ token, name: name.trim(), password });
      await this.router.navigateByUrl('/app');
    });
  }
}
