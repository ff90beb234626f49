import { ChangeDetectionStrategy, Component, DestroyRef, effect, ElementRef, inject, input, output, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { switchMap, tap } from 'rxjs';
import type { EnterpriseTerms, EnterpriseTermsView } from '@apex/contracts';
import { applyServerErrors, focusFirstInvalid } from '../../core/form-errors';
import { formatPercent } from '../../core/format/plan-format';
import { fieldErrorsOf } from '../../core/problem-message';
import { askToConfirm, ConfirmData } from '../../shared/confirm.dialog';
import { AdminApi } from './admin-api';
import { contractSummary } from './admin-format';
import {
  centsToDollars,
  contractMinimum,
  contractPercent,
  dollarsToCents,
  MINIMUM_MESSAGES,
  normalizedPercent,
  PERCENT_MESSAGES,
} from './contract-terms';

/** The organisation the contract is for, and its contract so far, if it has one. */
export interface ContractCustomer {
  id: string;
  name: string;
  contract: EnterpriseTerms | null;
}

/** The API's field whose control has another name: the form asks for dollars, the API takes cents. */
const CONTROL_OF_FIELD = { minimumCents: 'minimum' };

/**
 * Sells an organisation an Enterprise contract: a percent of its measured AI spend and a monthly minimum, asked
 * for in a confirmation that says what happens, then sent. Emits the contract the API set.
 */
@Component({
  selector: 'apex-enterprise-terms-form',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Enterprise contract terms">
      <div class="fields">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="percent">
          <mat-label>Percent of measured AI spend</mat-label>
          <input matInput formControlName="percent" inputmode="decimal" autocomplete="off" required />
          <span matTextSuffix>%</span>
          <mat-hint>From 8 to 15, e.g. 12.5</mat-hint>
          <mat-error data-testid="percent-error">{{ errorOf(form.controls.percent, percentMessages) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="minimum">
          <mat-label>Monthly minimum</mat-label>
          <span matTextPrefix>$&nbsp;</span>
          <input matInput formControlName="minimum" inputmode="decimal" autocomplete="off" required />
          <mat-hint>In dollars; 0 for none</mat-hint>
          <mat-error data-testid="minimum-error">{{ errorOf(form.controls.minimum, minimumMessages) }}</mat-error>
        </mat-form-field>
      </div>
      <div aria-live="polite">
        @if (error(); as message) {
          <div class="banner banner--error" role="alert" data-testid="terms-error">{{ message }}</div>
        }
      </div>
      <button mat-flat-button type="submit" [disabled]="saving()">{{ customer().contract ? 'Change contract' : 'Set Enterprise contract' }}</button>
    </form>
  `,
  styles: `
    .fields { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 12px 16px; margin-bottom: 20px; }
    mat-form-field { flex: 1 1 220px; }
  `,
})
export class EnterpriseTermsForm {
  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly destroyRef = inject(DestroyRef);

  readonly customer = input.required<ContractCustomer>();
  readonly saved = output<EnterpriseTermsView>();

  protected readonly percentMessages = PERCENT_MESSAGES;
  protected readonly minimumMessages = MINIMUM_MESSAGES;
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    percent: ['', contractPercent],
    minimum: ['', contractMinimum],
  });

  constructor() {
    // Another organisation, or its contract as the API now has it: the form starts from its terms.
    effect(() => {
      const { contract } = this.customer();
      untracked(() => {
        this.error.set(null);
        this.form.reset({
          percent: contract ? formatPercent(contract.percent).slice(0, -1) : '',
          minimum: contract ? centsToDollars(contract.minimumCents) : '',
        });
      });
    });
  }

  /** What to say under a field: the API's message when it refused the value, else the form's own. */
  protected errorOf(control: AbstractControl, messages: Record<string, string>): string {
    const server = control.getError('server') as string | null;
    if (server) return server;
    return Object.entries(messages).find(([key]) => control.hasError(key))?.[1] ?? '';
  }

  protected submit(): void {
    if (this.saving()) return;
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    const customer = this.customer();
    const terms = this.terms();
    askToConfirm(this.dialog, this.confirmation(customer, terms))
      .pipe(
        tap(() => this.saving.set(true)),
        switchMap(() => this.api.setEnterpriseTerms(customer.id, terms)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (view) => {
          this.saving.set(false);
          this.saved.emit(view);
        },
        error: (error: unknown) => {
          this.saving.set(false);
          this.error.set(this.showRefusal(error));
        },
      });
  }

  private terms(): EnterpriseTerms {
    const { percent, minimum } = this.form.getRawValue();
    // Both parse: the validators passed.
    return { percent: normalizedPercent(percent) ?? percent, minimumCents: dollarsToCents(minimum) ?? 0 };
  }

  private confirmation(customer: ContractCustomer, terms: EnterpriseTerms): ConfirmData {
    const summary = contractSummary(terms.percent, terms.minimumCents);
    if (customer.contract) {
      return {
        title: `Change the contract of ${customer.name}?`,
        message: `${customer.name}'s Enterprise contract changes to ${summary}. Its Stripe contract billing stays open, or opens again if it has ended.`,
        confirm: 'Change contract',
      };
    }
    return {
      title: `Move ${customer.name} to Enterprise?`,
      message:
        `This moves ${customer.name} to Enterprise at ${summary}. It opens the contract's Stripe billing (invoices are sent, ` +
        'not charged to a card) and ends a running Early or Mid subscription or trial now.',
      confirm: 'Move to Enterprise',
    };
  }

  /** Puts the API's field errors under their fields and returns the sentence for the banner. */
  private showRefusal(error: unknown): string {
    const message = applyServerErrors(this.form, error, CONTROL_OF_FIELD);
    if (fieldErrorsOf(error).length > 0) focusFirstInvalid(this.host.nativeElement);
    return message;
  }
}
