import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { AuthService } from './core/auth/auth.service';
import { TrialBanner } from './pages/billing/trial-banner';
import { VerifyEmailNotice } from './pages/verify-email/verify-email-notice';

/** The shell: toolbar with the Apex name, navigation and the signed-in account around the routed page. */
@Component({
  selector: 'apex-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbarModule, MatButtonModule, TrialBanner, VerifyEmailNotice],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#main" (click)="skipTo($event, main)">Skip to content</a>
    <header class="header">
      <mat-toolbar class="toolbar">
        <a class="brand" routerLink="/" aria-label="Apex home">
          <svg class="logo" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="8" /><path d="M16 6 26 26h-5l-5-10.5L11 26H6z" /></svg>
          <span>Apex</span>
        </a>
        <span class="spacer"></span>
        <nav aria-label="Main">
          @if (me(); as me) {
            <a mat-button routerLink="/app" routerLinkActive="active" [routerLinkActiveOptions]="{ exact: true }" ariaCurrentWhenActive="page">Dashboard</a>
            <a mat-button routerLink="/app/value" routerLinkActive="active" ariaCurrentWhenActive="page">Value</a>
            <a mat-button routerLink="/app/runs" routerLinkActive="active" ariaCurrentWhenActive="page">Runs</a>
            <a mat-button routerLink="/app/proofs" routerLinkActive="active" ariaCurrentWhenActive="page">Proofs</a>
            <a mat-button routerLink="/app/roi" routerLinkActive="active" ariaCurrentWhenActive="page">ROI</a>
            <a mat-button routerLink="/app/members" routerLinkActive="active" ariaCurrentWhenActive="page">Members</a>
            <a mat-button routerLink="/app/api-keys" routerLinkActive="active" ariaCurrentWhenActive="page">API keys</a>
            <a mat-button routerLink="/app/billing" routerLinkActive="active" ariaCurrentWhenActive="page">Billing</a>
            <a mat-button routerLink="/plans" routerLinkActive="active" ariaCurrentWhenActive="page">Plans</a>
            @if (me.user.isOperator) {
              <a mat-button routerLink="/app/admin/organizations" routerLinkActive="active" ariaCurrentWhenActive="page">Operators</a>
              <a mat-button routerLink="/app/admin/price-book" routerLinkActive="active" ariaCurrentWhenActive="page">Price book</a>
            }
          } @else {
            <a mat-button routerLink="/plans" routerLinkActive="active" ariaCurrentWhenActive="page">Plans</a>
            <a mat-button routerLink="/enterprise" routerLinkActive="active" ariaCurrentWhenActive="page">Enterprise</a>
          }
        </nav>
        @if (me(); as me) {
          <div class="account" data-testid="account">
            <span class="who">
              <span class="user">{{ me.user.name }}</span>
              <span class="org">{{ me.organization.name }}</span>
            </span>
            <button mat-stroked-button type="button" (click)="logOut()">Log out</button>
          </div>
        } @else {
          <div class="account">
            <a mat-button routerLink="/login">Log in</a>
            <a mat-flat-button routerLink="/signup">Sign up</a>
          </div>
        }
      </mat-toolbar>
    </header>
    <apex-verify-email-notice />
    <apex-trial-banner />
    <main #main id="main" tabindex="-1">
      <router-outlet />
    </main>
    <footer class="footer">© Apex · AI spend, measured and cut</footer>
  `,
  styles: `
    :host { display: flex; flex-direction: column; min-height: 100dvh; }
    .header {
      position: sticky; top: 0; z-index: 2;
      background: var(--mat-sys-surface-container);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .toolbar {
      gap: 8px; box-sizing: border-box; max-width: var(--apex-page-width); margin-inline: auto; padding-inline: 24px;
      background: transparent;
    }
    .brand {
      display: inline-flex; align-items: center; gap: 10px;
      color: var(--mat-sys-on-surface); text-decoration: none;
      font: var(--mat-sys-title-large); font-weight: 700; letter-spacing: -0.01em;
    }
    .logo { width: 28px; height: 28px; }
    .logo rect { fill: var(--mat-sys-primary); }
    .logo path { fill: var(--mat-sys-on-primary); }
    .spacer { flex: 1; }
    nav { display: flex; gap: 4px; }
    nav a.active { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .account { display: flex; align-items: center; gap: 12px; margin-left: 12px; padding-left: 16px; border-left: 1px solid var(--mat-sys-outline-variant); }
    .who { display: flex; flex-direction: column; line-height: 1.2; text-align: right; }
    .user { font: var(--mat-sys-label-large); }
    .org { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    @media (max-width: 900px) { .who { display: none; } }
    main { flex: 1; outline: none; }
    .footer {
      padding: 24px; text-align: center;
      color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small);
    }
    .skip-link {
      position: absolute; left: 8px; top: -48px; z-index: 3; padding: 8px 12px; border-radius: 8px;
      background: var(--mat-sys-primary); color: var(--mat-sys-on-primary);
    }
    .skip-link:focus { top: 8px; }
  `,
})
export class App {
  private readonly auth = inject(AuthService);
  protected readonly me = this.auth.me;

  constructor() {
    // A returning user with a stored session sees their account in the toolbar on any page.
    void this.auth.restore();
  }

  protected logOut(): void {
    void this.auth.logOut();
  }

  /** A plain #main link would resolve against <base href> and leave the page, so move focus by hand. */
  protected skipTo(event: Event, target: HTMLElement): void {
    event.preventDefault();
    target.focus();
  }
}
