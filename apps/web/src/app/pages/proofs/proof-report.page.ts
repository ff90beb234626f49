import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { catchError, forkJoin, map, of, switchMap, take } from 'rxjs';
import type { EntitlementsView, PlanView, ProofEvidenceFilters, ProofView, RecommendationView } from '@apex/contracts';
import { PROOF_EXPORT_FEATURE } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { PageFailure } from '../../core/page-failure';
import { problemMessage } from '../../core/problem-message';
import type { FeatureGated } from '../../core/upgrade/blocked-request';
import { askToConfirm } from '../../shared/confirm.dialog';
import { GatedNotice } from '../../shared/gated-notice';
import { RunsApi } from '../runs/runs-api';
import { formatDay, formatMoney } from '../value/value-format';
import { daysLeft, STATUS_WORDS } from './proof-format';
import { filtersFor, ProofRowsDrillDown } from './proof-rows';
import { pollProof } from './proof-poll';
import { ProofsApi, saveFile } from './proofs-api';
import { ProofReportView, ProofRowsRequest } from './report-view/proof-report-view';
import { ProofShareLinks } from './share-links/proof-share-links';

/** A reporting period ended before this many days verifies nothing. */
const MIN_REPORTING_DAYS = 7;

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** The export feature's block for a plan without it, with the cheapest plan that has it; null when the plan has it. */
export function exportBlockOf(entitlements: EntitlementsView, plans: PlanView[]): FeatureGated | null {
  if (entitlements.features.includes(PROOF_EXPORT_FEATURE)) return null;
  const current = plans.find((plan) => plan.tier === entitlements.tier)?.rank ?? -1;
  const next = [...plans].sort((a, b) => a.rank - b.rank).find((plan) => plan.rank > current && plan.features.includes(PROOF_EXPORT_FEATURE));
  const upgrade = next ? { tier: next.tier, name: next.name, runLimit: next.runLimit, windowSeconds: next.windowSeconds, pricing: next.pricing } : null;
  return { kind: 'feature', feature: PROOF_EXPORT_FEATURE, requiredTier: next?.tier ?? null, upgrade };
}

/**
 * One proof: while it measures, its interim reading (labelled interim), the days left and the way to end the period
 * early; once finished, its signed report with every figure opening its cost rows, the exports (from Early; the
 * upgrade prompt below them otherwise) and its share links.
 */
@Component({
  selector: 'apex-proof-report-page',
  imports: [NgTemplateOutlet, RouterLink, MatButtonModule, MatCardModule, MatProgressBarModule, GatedNotice, ProofReportView, ProofShareLinks],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page proof" aria-labelledby="proof-title">
      <header>
        <a mat-button routerLink="/app/proofs" class="back">← All proofs</a>
        <h1 id="proof-title">Proof of savings</h1>
        @if (recommendation(); as rec) {
          <p class="lede" data-testid="proof-recommendation">{{ rec.title }}</p>
        }
        @if (proof(); as p) {
          <p class="muted" data-testid="proof-status-line">
            {{ statusWords(p) }} · implemented on {{ day(p.implementedOn) }} · reporting period {{ day(p.implementedOn) }} – {{ day(p.reportingEndsOn) }} ({{ p.reportingDays }} days)
          </p>
        }
      </header>

      @if (notFound()) {
        <mat-card appearance="outlined" class="card" data-testid="proof-not-found">
          <h2>No such proof</h2>
          <p>Your organisation has no proof with this id.</p>
        </mat-card>
      }
      @if (loadError(); as message) {
        <div class="banner banner--error" role="alert">{{ message }}</div>
      }
      @if (!proof() && !notFound() && !loadError()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the proof" />
      }

      @if (proof(); as p) {
        @switch (p.status) {
          @case ('baseline') {
            <mat-card appearance="outlined" class="card" data-testid="proof-working">
              <h2>Capturing the baseline</h2>
              <p class="muted">Apex is reading the 30 to 90 days before the change in the recommendation's scope.</p>
              <mat-progress-bar mode="indeterminate" aria-label="Capturing the baseline" />
            </mat-card>
          }
          @case ('calculating') {
            <mat-card appearance="outlined" class="card" data-testid="proof-working">
              <h2>Calculating the verdict</h2>
              <p class="muted">The reporting period has ended; the savings, their uncertainty and the verdict are being worked out and signed.</p>
              <mat-progress-bar mode="indeterminate" aria-label="Calculating the verdict" />
            </mat-card>
          }
          @case ('failed') {
            <mat-card appearance="outlined" class="card" data-testid="proof-failed">
              <h2>This proof could not be measured</h2>
              <p>Nothing was verified. The recommendation's scope could not be priced or measured against a baseline.</p>
            </mat-card>
          }
          @case ('measuring') {
            <mat-card appearance="outlined" class="card interim" data-testid="proof-interim">
              <div class="card-head">
                <h2>Interim reading</h2>
                <span class="tag" data-testid="interim-label">Interim · not a verdict</span>
              </div>
              @if (p.interim; as interim) {
                <p class="muted">
                  The reporting period so far, {{ interim.days }} {{ interim.days === 1 ? 'day' : 'days' }} measured. These figures move until the period ends, and none of them is a saving until the proof's verdict says verified.
                </p>
                <dl class="figures">
                  <dt>Adjusted baseline so far</dt>
                  <dd>{{ money(interim.adjustedBaseline, p.currency) }}</dd>
                  <dt>Actual so far</dt>
                  <dd>{{ money(interim.actual, p.currency) }}</dd>
                  <dt>Difference so far (interim)</dt>
                  <dd data-testid="interim-savings">{{ money(interim.savings, p.currency) }}</dd>
                </dl>
              } @else {
                <p class="muted">No day of the reporting period has been read yet: the first reading comes after its first full day.</p>
              }
              <p data-testid="proof-days-left">{{ daysLeftText(p) }}</p>
              <div class="actions">
                <button mat-stroked-button type="button" (click)="endPeriod(p)" [disabled]="ending()" data-testid="end-period">End the reporting period now</button>
              </div>
              @if (endError(); as message) {
                <div class="banner banner--error" role="alert">{{ message }}</div>
              }
            </mat-card>
            <ng-container *ngTemplateOutlet="exportsCard; context: { $implicit: p }" />
          }
        }

        @if (p.signed; as signed) {
          @if (rowsMessage(); as message) {
            <div class="banner" role="status">{{ message }}</div>
          }
          <apex-proof-report-view [report]="signed.report" [drillDown]="true" (rows)="openRows($event)" />
          <ng-container *ngTemplateOutlet="exportsCard; context: { $implicit: p }" />
          <mat-card appearance="outlined" class="card" data-testid="proof-signature">
            <h2>Signature</h2>
            <dl class="figures">
              <dt>Report SHA-256</dt>
              <dd><code>{{ signed.sha256 }}</code></dd>
              <dt>Ed25519 signature</dt>
              <dd><code>{{ signed.signature }}</code></dd>
              <dt>Key id</dt>
              <dd><code>{{ signed.keyId }}</code></dd>
            </dl>
            <p class="muted">
              The SHA-256 is of the report as canonical JSON (keys sorted, no whitespace); the signature is over that digest, and verifies with the public key at /api/v1/proofs/public-key.
            </p>
          </mat-card>
          <apex-proof-share-links [proofId]="p.id" />
        }
      }

      <ng-template #exportsCard let-p>
        <mat-card appearance="outlined" class="card" data-testid="proof-exports">
          <h2>Export</h2>
          <p class="hint">The report as a PDF (signed figures, chart, method and how to verify the signature) and the cost rows the proof used as CSV.</p>
          <div class="actions">
            <button mat-flat-button type="button" (click)="download(p, 'report.pdf')" [disabled]="!p.signed || !!exportBlock() || downloading()" data-testid="download-pdf">
              Download PDF
            </button>
            <button mat-stroked-button type="button" (click)="download(p, 'evidence.csv')" [disabled]="!!exportBlock() || downloading()" data-testid="download-csv">
              Download evidence CSV
            </button>
          </div>
          @if (!p.signed) {
            <p class="muted">The PDF is made from the signed report, once the proof has finished; the CSV has the rows measured so far.</p>
          }
          @if (exportBlock() ?? exportFailure.gated(); as block) {
            <apex-gated-notice [block]="block" />
          }
          @if (exportFailure.error(); as message) {
            <div class="banner banner--error" role="alert">{{ message }}</div>
          }
        </mat-card>
      </ng-template>
    </section>
  `,
  styleUrls: ['../value/value.css'],
  styles: `
    .proof { padding-block: 24px 64px; display: flex; flex-direction: column; gap: 16px; }
    .back { margin-left: -12px; }
    h1 { margin: 4px 0; font: var(--mat-sys-headline-large); }
    header p { margin: 0 0 4px; }
    .lede { font: var(--mat-sys-title-medium); }
    .actions { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
    .tag { display: inline-block; padding: 2px 10px; border-radius: 12px; font: var(--mat-sys-label-large);
      background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    .figures { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 8px 0; }
    dt { color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85em; }
    mat-card p { margin: 4px 0; }
  `,
})
export class ProofReportPage {
  /** The proof's id, from the route. */
  readonly id = input.required<string>();

  private readonly api = inject(ProofsApi);
  private readonly apiClient = inject(ApiClient);
  private readonly runs = inject(RunsApi);
  private readonly dialog = inject(MatDialog);
  private readonly rowsDrillDown = inject(ProofRowsDrillDown);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly proof = signal<ProofView | null>(null);
  protected readonly notFound = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly recommendation = signal<RecommendationView | null>(null);
  protected readonly exportBlock = signal<FeatureGated | null>(null);
  protected readonly exportFailure = new PageFailure();
  protected readonly downloading = signal(false);
  protected readonly ending = signal(false);
  protected readonly endError = signal<string | null>(null);
  protected readonly rowsMessage = signal<string | null>(null);
  private evidence: ProofEvidenceFilters | null = null;
  private readonly reloads = signal(0);

  protected readonly day = formatDay;
  protected readonly money = formatMoney;

  constructor() {
    effect((onCleanup) => {
      const id = this.id();
      this.reloads();
      const subscription = pollProof(() => this.api.get(id)).subscribe((state) => {
        if (state.proof) {
          this.proof.set(state.proof);
          this.loadError.set(null);
        }
        this.notFound.set(state.notFound);
        if (state.error && !state.proof) this.loadError.set(state.error);
      });
      onCleanup(() => subscription.unsubscribe());
    });
    effect(() => {
      const recommendationId = this.proof()?.recommendationId;
      if (!recommendationId || this.recommendation()?.id === recommendationId) return;
      this.runs
        .recommendation(recommendationId)
        .pipe(
          catchError(() => of(null)),
          takeUntilDestroyed(this.destroyRef),
        )
        .subscribe((rec) => this.recommendation.set(rec));
    });
    forkJoin([this.api.entitlements(), this.apiClient.plans()])
      .pipe(
        map(([entitlements, plans]) => exportBlockOf(entitlements, plans)),
        // Without the plan, the exports are offered and the API's answer says whether they are included.
        catchError(() => of(null)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((block) => this.exportBlock.set(block));
  }

  protected statusWords(proof: ProofView): string {
    return STATUS_WORDS[proof.status];
  }

  protected daysLeftText(proof: ProofView): string {
    const left = daysLeft(todayUtc(), proof.reportingEndsOn);
    if (left === 0) return 'The reporting period has ended; the verdict follows its last reading.';
    return `${left} ${left === 1 ? 'day' : 'days'} left in the reporting period, which ends on ${formatDay(proof.reportingEndsOn)}.`;
  }

  protected endPeriod(proof: ProofView): void {
    const measured = proof.interim?.days ?? 0;
    askToConfirm(this.dialog, {
      title: 'End the reporting period now?',
      message:
        `The proof takes its last reading and calculates its verdict now, after ${measured} of its ${proof.reportingDays} days. ` +
        `A reporting period under ${MIN_REPORTING_DAYS} days verifies nothing: its verdict can be inconclusive at best. This cannot be undone.`,
      confirm: 'End the period',
    })
      .pipe(
        switchMap(() => {
          this.ending.set(true);
          this.endError.set(null);
          return this.api.endReportingPeriod(proof.id);
        }),
        take(1),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => {
          this.ending.set(false);
          this.proof.set({ ...proof, status: 'calculating' });
          this.reloads.update((n) => n + 1);
        },
        error: (error: unknown) => {
          this.ending.set(false);
          this.endError.set(problemMessage(error));
        },
      });
  }

  protected download(proof: ProofView, file: 'report.pdf' | 'evidence.csv'): void {
    this.downloading.set(true);
    this.exportFailure.error.set(null);
    this.api
      .download(proof.id, file)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (downloaded) => {
          this.downloading.set(false);
          saveFile(downloaded);
        },
        error: (error: unknown) => {
          this.downloading.set(false);
          this.exportFailure.show(error);
        },
      });
  }

  protected openRows(request: ProofRowsRequest): void {
    const proof = this.proof();
    if (!proof) return;
    this.rowsMessage.set(null);
    const open = (all: ProofEvidenceFilters) => {
      const opened = this.rowsDrillDown.open(request.label, filtersFor(all, request));
      if (!opened) this.rowsMessage.set(`${request.label}: no cost rows.`);
    };
    if (this.evidence) {
      open(this.evidence);
      return;
    }
    this.api
      .evidenceFilters(proof.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (all) => {
          this.evidence = all;
          open(all);
        },
        error: (error: unknown) => this.rowsMessage.set(problemMessage(error)),
      });
  }
}
