import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import type { Observable } from 'rxjs';
import type { RecommendationView } from '@apex/contracts';
import { problemMessage } from '../../core/problem-message';
import { formatMoney } from '../value/value-format';
import { askForDismissReason } from './dismiss-reason.dialog';
import { FindingEvidence } from './finding-evidence';
import { ImplementationAction } from './implementation-action';
import { KIND_LABELS, LEVEL_LABELS, RECOMMENDATION_STATUS_LABELS, scopeLabel } from './run-labels';
import { RunsApi } from './runs-api';
import { SavingsScenarios } from './savings-scenarios';

/** One finding of a run: what to do, what it rests on, what it could be worth a month, and the team's decision on it. */
@Component({
  selector: 'apex-finding-card',
  imports: [DatePipe, MatButtonModule, MatCardModule, FindingEvidence, ImplementationAction, SavingsScenarios],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let f = finding();
    <mat-card appearance="outlined" class="card" data-testid="finding" [attr.data-kind]="f.kind" [attr.aria-labelledby]="'finding-' + f.id">
      <header class="head">
        <div class="title">
          <p class="eyebrow"><span data-testid="finding-kind">{{ kind() }}</span> · {{ scope() }}</p>
          <h3 [id]="'finding-' + f.id" data-testid="finding-title">{{ f.title }}</h3>
        </div>
        <span class="status" [class]="f.status" data-testid="finding-status">{{ status() }}</span>
      </header>

      <div class="savings" data-testid="finding-savings">
        <p class="label">Potential monthly savings</p>
        <dl>
          <div><dt>Low</dt><dd>{{ money(f.monthlySavings.low) }}</dd></div>
          <div class="expected"><dt>Expected</dt><dd data-testid="finding-expected">{{ money(f.monthlySavings.expected) }}</dd></div>
          <div><dt>High</dt><dd>{{ money(f.monthlySavings.high) }}</dd></div>
        </dl>
        <apex-savings-scenarios [finding]="f" />
      </div>

      @if (f.caveat) {
        <p class="caveat" data-testid="finding-caveat">{{ f.caveat }}</p>
      }

      <div class="columns">
        <section>
          <h4>Steps</h4>
          <ol>
            @for (step of f.steps; track $index) {
              <li>{{ step }}</li>
            }
          </ol>
          <a [href]="f.docUrl" target="_blank" rel="noopener">Provider documentation</a>
        </section>
        <section>
          <h4>Assumptions</h4>
          <ul>
            @for (assumption of f.assumptions; track $index) {
              <li>{{ assumption }}</li>
            }
          </ul>
          <p class="levels">Effort: <strong>{{ level(f.effort) }}</strong> · Risk: <strong>{{ level(f.risk) }}</strong></p>
        </section>
      </div>

      <section class="evidence">
        <h4>Evidence</h4>
        <apex-finding-evidence [evidence]="f.evidence" [currency]="f.currency" [title]="f.title" />
      </section>

      <div aria-live="polite">
        @if (error(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        }
        @if (f.status === 'dismissed' && f.statusReason) {
          <p class="decision" data-testid="finding-reason">
            Dismissed{{ f.statusChangedAt ? ' on ' + (f.statusChangedAt | date: 'd MMM y') : '' }}: {{ f.statusReason }}
          </p>
        }
      </div>
      <footer class="actions">
        @if (canAccept()) {
          <button mat-flat-button type="button" (click)="accept()" [disabled]="busy()">Accept</button>
        }
        @if (canDismiss()) {
          <button mat-button type="button" (click)="dismiss()" [disabled]="busy()">Dismiss</button>
        }
      </footer>
      <apex-implementation-action [recommendation]="f" (implemented)="markImplemented()" />
    </mat-card>
  `,
  styleUrl: './finding-card.css',
})
export class FindingCard {
  readonly recommendation = input.required<RecommendationView>();

  private readonly api = inject(RunsApi);
  private readonly dialog = inject(MatDialog);

  /** The recommendation as last answered: the report's, then whatever accepting or dismissing returned. */
  protected readonly finding = linkedSignal(() => this.recommendation());
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly kind = computed(() => KIND_LABELS[this.finding().kind] ?? this.finding().kind);
  protected readonly scope = computed(() => scopeLabel(this.finding().scope));
  protected readonly status = computed(() => RECOMMENDATION_STATUS_LABELS[this.finding().status] ?? this.finding().status);
  // The moves the API allows: accepted from open or dismissed, dismissed from open or accepted.
  protected readonly canAccept = computed(() => this.finding().status === 'open' || this.finding().status === 'dismissed');
  protected readonly canDismiss = computed(() => this.finding().status === 'open' || this.finding().status === 'accepted');

  protected money(amount: string): string {
    return formatMoney(amount, this.finding().currency);
  }

  protected level(value: RecommendationView['effort']): string {
    return LEVEL_LABELS[value] ?? value;
  }

  protected accept(): void {
    this.decide(this.api.accept(this.finding().id));
  }

  protected dismiss(): void {
    askForDismissReason(this.dialog, { title: this.finding().title }).subscribe((reason) => this.decide(this.api.dismiss(this.finding().id, reason)));
  }

  protected markImplemented(): void {
    this.finding.update((f) => ({ ...f, status: 'implemented', statusReason: null, statusChangedAt: new Date().toISOString() }));
  }

  private decide(call: Observable<RecommendationView>): void {
    this.busy.set(true);
    this.error.set(null);
    call.subscribe({
      next: (view) => {
        this.finding.set(view);
        this.busy.set(false);
      },
      error: (error: unknown) => {
        this.error.set(problemMessage(error));
        this.busy.set(false);
      },
    });
  }
}
