import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { ApiClient } from '../../core/api-client';
import { AuthService } from '../../core/auth/auth.service';
import { problemMessage } from '../../core/problem-message';
import { AuthCard } from '../auth/auth-card';

type Verification = { state: 'verifying' } | { state: 'verified'; email: string } | { state: 'failed'; message: string };

/** Where the link in the verification email lands (?token=…): verifies the email and says so. */
@Component({
  selector: 'apex-verify-email-page',
  imports: [RouterLink, MatButtonModule, AuthCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <apex-auth-card heading="Verify your email">
      @switch (verification().state) {
        @case ('verifying') {
          <p role="status">Verifying your email…</p>
        }
        @case ('verified') {
          <div class="banner" role="status" data-testid="email-verified">{{ verifiedText() }}</div>
          <a mat-flat-button [routerLink]="signedIn() ? '/app' : '/login'">{{ signedIn() ? 'Go to your dashboard' : 'Log in' }}</a>
        }
        @case ('failed') {
          <div class="banner banner--error" role="alert" data-testid="email-verification-failed">{{ failedText() }}</div>
          <a mat-flat-button [routerLink]="signedIn() ? '/app' : '/login'">{{ signedIn() ? 'Go to your dashboard' : 'Log in' }}</a>
        }
      }
    </apex-auth-card>
  `,
})
export class VerifyEmailPage implements OnInit {
  private readonly api = inject(ApiClient);
  private readonly auth = inject(AuthService);

  /** The one-time token from the emailed link. */
  readonly token = input<string>();

  protected readonly signedIn = this.auth.signedIn;
  protected readonly verification = signal<Verification>({ state: 'verifying' });

  async ngOnInit(): Promise<void> {
    const token = this.token();
    if (!token) {
      this.verification.set({ state: 'failed', message: 'This link has no verification token. Open the link from the email again.' });
      return;
    }
    try {
      const { email } = await firstValueFrom(this.api.confirmEmailVerification(token));
      this.verification.set({ state: 'verified', email });
      if (await this.auth.restore()) await this.auth.reloadMe();
    } catch (error) {
      this.verification.set({ state: 'failed', message: problemMessage(error) });
    }
  }

  protected verifiedText(): string {
    const v = this.verification();
    return v.state === 'verified' ? `${v.email} is verified. You can now invite members, connect cost accounts and start a trial.` : '';
  }

  protected failedText(): string {
    const v = this.verification();
    return v.state === 'failed' ? v.message : '';
  }
}
