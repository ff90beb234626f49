import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { DetectedChange, ImplementationDetection, ProofView, RecommendationView } from '@apex/contracts';
import { problemMessage } from '../../core/problem-message';
import { RunsApi } from './runs-api';

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** The evidence of a detected change in words: the share before and after, with the days compared. */
export function detectedEvidence(change: DetectedChange): string {
  const { before, after } = change;
  const span = (share: DetectedChange['before']) => (share.from === share.to ? share.from : `${share.from} to ${share.to}`);
  const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
  return `${change.measure}: ${before.sharePercent} % over ${span(before)} (${days(before.days)}), ${after.sharePercent} % over ${span(after)} (${days(after.days)})`;
}

/**
 * Implementation as a dated fact: the user says on which day the recommendation was implemented (today at the
 * latest), or confirms the day Apex sees the change in the cost rows; then its proof measures from that day.
 */
@Component({
  selector: 'apex-implementation-action',
  imports: [DatePipe, MatButtonModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="implementation" aria-live="polite">
      @if (proof(); as p) {
        <p class="measuring" data-testid="measuring-since">
          {{ p.status === 'finished' || p.status === 'failed' ? 'Measured from' : 'Measuring since' }} {{ p.implementedOn | date: 'd MMM y' : 'UTC' }} ·
          <a [routerLink]="['/app/proofs', p.id]">Proof of savings</a>
        </p>
      } @else if (pending()) {
        @if (detected(); as change) {
          <p class="detected" data-testid="detected-change">
            Apex sees this change in your data from {{ change.firstDay | date: 'd MMM y' : 'UTC' }} ({{ evidence(change) }}) —
            <button mat-button type="button" (click)="confirm(change.firstDay)" [disabled]="busy()">Confirm {{ change.firstDay | date: 'd MMM y' : 'UTC' }}</button>
          </p>
        }
        @if (open()) {
          <form class="form" (submit)="$event.preventDefault(); confirm(date())" data-testid="implemented-form">
            <label>
              Implemented on
              <input type="date" name="implementedOn" [value]="date()" [max]="today" required (input)="date.set($any($event.target).value)" />
            </label>
            <button mat-flat-button type="submit" [disabled]="busy() || !date()">Confirm</button>
            <button mat-button type="button" (click)="open.set(false)" [disabled]="busy()">Cancel</button>
          </form>
        } @else {
          <button mat-stroked-button type="button" (click)="start()">Mark as implemented</button>
        }
        @if (error(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        }
      }
    </div>
  `,
  styles: `
    .implementation { display: flex; flex-direction: column; gap: 8px; align-items: flex-end; }
    .implementation:empty { display: none; }
    .form { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: flex-end; }
    label { display: flex; gap: 8px; align-items: center; font: var(--mat-sys-body-medium); }
    input { font: inherit; padding: 6px 8px; }
    .measuring, .detected { margin: 0; color: var(--mat-sys-on-surface-variant); text-align: right; }
  `,
})
export class ImplementationAction {
  readonly recommendation = input.required<RecommendationView>();
  /** The recommendation is now implemented: its proof was opened. */
  readonly implemented = output<ProofView>();

  private readonly api = inject(RunsApi);
  protected readonly today = todayUtc();
  protected readonly date = signal(this.today);
  protected readonly open = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly detection = signal<ImplementationDetection | null>(null);
  protected readonly proof = signal<ProofView | null>(null);
  private asked = false;

  protected readonly pending = computed(() => ['open', 'accepted'].includes(this.recommendation().status));
  protected readonly detected = computed(() => {
    const detection = this.detection();
    return detection?.status === 'detected' ? detection.change : null;
  });

  constructor() {
    effect(() => {
      const recommendation = this.recommendation();
      untracked(() => {
        // An implemented recommendation shows the proof that measures it.
        if (recommendation.status === 'implemented' && !this.proof()) {
          this.api.proofOf(recommendation.id).subscribe({ next: ([proof]) => this.proof.set(proof ?? null), error: () => this.proof.set(null) });
        }
        // A pending one asks, once, whether Apex sees it implemented in the rows: only a suggestion to confirm.
        if (this.pending() && !this.asked) {
          this.asked = true;
          this.api.implementation(recommendation.id).subscribe({ next: (detection) => this.detection.set(detection), error: () => this.detection.set(null) });
        }
      });
    });
  }

  protected evidence(change: DetectedChange): string {
    return detectedEvidence(change);
  }

  protected start(): void {
    this.open.set(true);
    this.error.set(null);
  }

  protected confirm(implementedOn: string): void {
    this.busy.set(true);
    this.error.set(null);
    this.api.implemented(this.recommendation().id, implementedOn).subscribe({
      next: (proof) => {
        this.busy.set(false);
        this.open.set(false);
        this.proof.set(proof);
        this.implemented.emit(proof);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(problemMessage(error));
      },
    });
  }
}
