import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { ApiClient } from '../../core/api-client';
import { AuthService } from '../../core/auth/auth.service';
import { problemMessage } from '../../core/problem-message';

/** Across the signed-in portal until the account's email is verified: what waits on it, and a new link on request. */
@Component({
  selector: 'apex-verify-email-notice',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (unverifiedEmail(); as email) {
      <aside class="notice" aria-label="Verify your email" data-testid="verify-email-notice">
        <div class="page inner">
          <p>
            <strong>Verify your email.</strong> Open the link we sent to {{ email }}. Until then you cannot invite members, connect cost
            accounts or start a trial.
            @if (outcome(); as outcome) {
              <span role="status" data-testid="verify-email-resend-outcome">{{ outcome }}</span>
            }
          </p>
          <button mat-stroked-button type="button" (click)="resend()" [disabled]="sending()">Send a new link</button>
        </div>
      </aside>
    }
  `,
  styles: `
    .notice { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .inner { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px 24px; padding-block: 10px; }
    p { margin: 0; flex: 1 1 48ch; font: var(--mat-sys-body-medium); }
  `,
})
export class VerifyEmailNotice {
  private readonly api = inject(ApiClient);
  private readonly me = inject(AuthService).me;

  protected readonly unverifiedEmail = computed(() => {
    const me = this.me();
    return me && !me.user.emailVerified ? me.user.email : null;
  });
  protected readonly sending = signal(false);
  protected readonly outcome = signal<string | null>(null);

  protected async resend(): Promise<void> {
    this.sending.set(true);
    try {
      await firstValueFrom(this.api.resendEmailVerification(), { defaultValue: undefined });
      this.outcome.set('A new link is on its way.');
    } catch (error) {
      this.outcome.set(problemMessage(error));
    } finally {
      this.sending.set(false);
    }
  }
}
