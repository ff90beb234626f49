import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { DOCUMENT } from '@angular/common';
import { Meta } from '@angular/platform-browser';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { catchError, map, Observable, of, startWith, switchMap } from 'rxjs';
import type { PublicProofReport } from '@apex/contracts';
import { problemMessage } from '../../core/problem-message';
import { ProofReportView } from '../proofs/report-view/proof-report-view';
import { PublicProofApi } from './public-proof-api';
import { verificationWords, VerificationWords } from './verification-words';

type Shared = { state: 'loading' } | { state: 'shown'; shared: PublicProofReport } | { state: 'unavailable' } | { state: 'failed'; message: string };
type Verification = { state: 'idle' } | { state: 'verifying' } | { state: 'done'; words: VerificationWords } | { state: 'failed'; message: string };

/** Every 404 of the public routes is the one "not available" answer, whatever was wrong with the token. */
const isUnavailable = (error: unknown) => error instanceof HttpErrorResponse && error.status === 404;

/**
 * The public page of a shared proof, /proof/<token>: no log-in. It shows the signed report without names or internal
 * ids and lets the reader have Apex verify it, or verify it themselves with the public key. A token that is
 * malformed, unknown, expired or revoked gets the same plain "not available" page.
 */
@Component({
  selector: 'apex-public-proof-page',
  imports: [MatButtonModule, MatCardModule, MatProgressBarModule, ProofReportView],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page public-proof" aria-labelledby="public-proof-title">
      @switch (view().state) {
        @case ('loading') {
          <h1 id="public-proof-title" class="visually-hidden">Proof of savings</h1>
          <mat-progress-bar mode="indeterminate" aria-label="Loading the report" />
        }
        @case ('unavailable') {
          <div class="unavailable" data-testid="public-proof-unavailable">
            <h1 id="public-proof-title">This link is not available</h1>
            <p>Ask the person who shared it with you for a new link.</p>
          </div>
        }
        @case ('failed') {
          <h1 id="public-proof-title">Proof of savings</h1>
          <div class="banner banner--error" role="alert" data-testid="public-proof-error">{{ failure() }}</div>
          <button mat-stroked-button type="button" (click)="reload()">Try again</button>
        }
        @case ('shown') {
          @let s = shared()!;
          <header>
            <h1 id="public-proof-title">Proof of savings</h1>
            <p class="lede">
              A report signed by Apex: what one change saved on {{ subject() }}, measured against the spend before it. Shared with you until
              {{ until() }}.
            </p>
          </header>

          <apex-proof-report-view [report]="viewReport()!" [drillDown]="false" />

          <mat-card appearance="outlined" class="card verify" data-testid="public-proof-verify">
            <h2>Is this the report Apex signed?</h2>
            <p class="hint">Apex recomputes the SHA-256 of the report as stored and checks its Ed25519 signature with Apex's public key.</p>
            <div>
              <button mat-flat-button type="button" (click)="verify()" [disabled]="verification().state === 'verifying'" data-testid="public-proof-verify-button">Verify</button>
            </div>
            <div aria-live="polite">
              @if (verification().state === 'verifying') {
                <mat-progress-bar mode="indeterminate" aria-label="Verifying the report" />
              } @else if (verified(); as words) {
                <div class="result" [class]="'result--' + words.outcome" role="status" data-testid="public-proof-verification">
                  <p class="result-title">{{ words.title }}</p>
                  <p>{{ words.sentence }}</p>
                </div>
              } @else if (verifyFailure(); as message) {
                <div class="banner banner--error" role="alert">{{ message }}</div>
              }
            </div>
          </mat-card>

          <mat-card appearance="outlined" class="card" data-testid="public-proof-independent">
            <h2>Verify it yourself</h2>
            <p>
              The signature is Ed25519 over the 32 bytes of the report's SHA-256, made with Apex's signing key. Apex's public key, in PEM, is at
              <a [href]="publicKeyUrl()" data-testid="public-proof-key-url">{{ publicKeyUrl() }}</a> (its <code>keyId</code> must be {{ s.keyId }}).
            </p>
            <dl>
              <dt>SHA-256</dt>
              <dd><code class="hash" data-testid="public-proof-sha256">{{ s.sha256 }}</code></dd>
              <dt>Signature (base64)</dt>
              <dd><code class="hash" data-testid="public-proof-signature">{{ s.signature }}</code></dd>
              <dt>Key id</dt>
              <dd><code>{{ s.keyId }}</code></dd>
            </dl>
            <p class="hint">
              With OpenSSL: save the key as <code>apex.pem</code>, write the SHA-256 as raw bytes (<code>xxd -r -p</code>) to <code>digest.bin</code> and the
              base64-decoded signature to <code>signature.bin</code>, then run
              <code>openssl pkeyutl -verify -pubin -inkey apex.pem -rawin -in digest.bin -sigfile signature.bin</code>. The SHA-256 is of the report's
              canonical JSON (keys sorted, no whitespace) as signed, which also holds two internal identifiers this page leaves out; Verify above
              recomputes it from the stored report.
            </p>
          </mat-card>
        }
      }
    </section>
  `,
  styleUrls: ['../value/value.css'],
  styles: `
    .public-proof { padding-block: 32px 64px; display: flex; flex-direction: column; gap: 16px; }
    h1 { margin: 0 0 4px; font: var(--mat-sys-headline-large); }
    .lede { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-large); max-width: 760px; }
    .hint { max-width: 900px; line-height: 1.5; }
    .unavailable { padding-block: 48px; }
    .unavailable p { margin: 8px 0 0; font: var(--mat-sys-body-large); color: var(--mat-sys-on-surface-variant); }
    .verify { display: flex; flex-direction: column; gap: 8px; }
    .result { margin-top: 8px; padding: 12px 16px; border-radius: 8px; border-left: 4px solid; }
    .result p { margin: 0; }
    .result-title { font: var(--mat-sys-title-medium); margin-bottom: 4px !important; }
    .result--intact { border-color: var(--mat-sys-primary); background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .result--altered, .result--bad_signature, .result--unknown_key { border-color: var(--mat-sys-error); background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 12px 0; }
    dt { color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85em; }
    .hash { overflow-wrap: anywhere; }
  `,
})
export class PublicProofPage {
  private readonly api = inject(PublicProofApi);
  private readonly origin = inject(DOCUMENT).location?.origin ?? '';

  /** The link's token, from the route. */
  readonly token = input.required<string>();

  private readonly attempt = signal(0);
  protected readonly view = toSignal(
    toObservable(computed(() => ({ token: this.token(), attempt: this.attempt() }))).pipe(switchMap(({ token }) => this.load(token))),
    { initialValue: { state: 'loading' } as Shared },
  );
  protected readonly shared = computed(() => {
    const view = this.view();
    return view.state === 'shown' ? view.shared : null;
  });
  protected readonly failure = computed(() => {
    const view = this.view();
    return view.state === 'failed' ? view.message : null;
  });
  /**
   * The report view reads the report's figures; the two ids a shared report leaves out are not among them (with
   * drillDown off it shows none).
   */
  protected readonly viewReport = computed(() => this.shared()?.report ?? null);
  protected readonly subject = computed(() => {
    const scope = this.shared()?.report.scope;
    const what = [scope?.model, scope?.resource].filter(Boolean).join(', ') || 'AI spend';
    return scope?.service ? `${what} (${scope.service})` : what;
  });
  protected readonly until = computed(() => {
    const expiresAt = this.shared()?.expiresAt;
    return expiresAt ? new Date(expiresAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : '';
  });
  protected readonly publicKeyUrl = computed(() => `${this.origin}${this.shared()?.publicKeyPath ?? '/api/v1/proofs/public-key'}`);

  protected readonly verification = signal<Verification>({ state: 'idle' });
  protected readonly verified = computed(() => {
    const verification = this.verification();
    return verification.state === 'done' ? verification.words : null;
  });
  protected readonly verifyFailure = computed(() => {
    const verification = this.verification();
    return verification.state === 'failed' ? verification.message : null;
  });

  constructor() {
    // The token is in this page's address: no link out of it may carry it in a Referer, and no search engine may keep it.
    const meta = inject(Meta);
    meta.updateTag({ name: 'referrer', content: 'no-referrer' });
    meta.updateTag({ name: 'robots', content: 'noindex, nofollow' });
    inject(DestroyRef).onDestroy(() => {
      meta.removeTag("name='referrer'");
      meta.removeTag("name='robots'");
    });
  }

  protected reload(): void {
    this.attempt.update((n) => n + 1);
  }

  protected verify(): void {
    const shared = this.shared();
    if (!shared || this.verification().state === 'verifying') return;
    this.verification.set({ state: 'verifying' });
    this.api.verify(this.token()).subscribe({
      next: (verification) => this.verification.set({ state: 'done', words: verificationWords(verification, shared.keyId) }),
      error: (error: unknown) => {
        // Revoked or expired since the page opened: the same plain answer as any link that does not work.
        if (isUnavailable(error)) this.attempt.update((n) => n + 1);
        else this.verification.set({ state: 'failed', message: problemMessage(error) });
      },
    });
  }

  private load(token: string): Observable<Shared> {
    return this.api.report(token).pipe(
      map((shared): Shared => ({ state: 'shown', shared })),
      catchError((error: unknown) => of<Shared>(isUnavailable(error) ? { state: 'unavailable' } : { state: 'failed', message: problemMessage(error) })),
      startWith<Shared>({ state: 'loading' }),
    );
  }
}
