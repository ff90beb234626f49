import { ChangeDetectionStrategy, Component, computed, inject, output } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { firstValueFrom } from 'rxjs';
import type { ConnectableCostProvider, CostConnectionView, CreateCostConnectionRequest } from '@apex/contracts';
import { notBlank, serverErrorOr } from '../../core/form-errors';
import { formSubmission } from '../../core/form-submission';
import { PROVIDER_LABELS } from './connections-list';
import { ValueApi } from './value-api';

interface Field {
  /** The API's name for it: `credentials.<name>` or `settings.<name>`, which is also the control's name. */
  name: string;
  label: string;
  hint?: string;
  secret?: boolean;
  optional?: boolean;
  multiline?: boolean;
  options?: { value: string; label: string }[];
  initial?: string;
}

const AWS_KIND = 'credentials.kind';

/** What each provider asks for; the secret ones are sent once, checked with the provider, and never shown again. */
export const PROVIDER_FIELDS: Record<ConnectableCostProvider, Field[]> = {
  aws: [
    {
      name: AWS_KIND,
      label: 'Sign in with',
      options: [
        { value: 'access_key', label: 'Access keys of an IAM user' },
        { value: 'assume_role', label: 'A role Apex assumes' },
      ],
      initial: 'access_key',
    },
    { name: 'credentials.accessKeyId', label: 'Access key id', hint: 'AKIA… or ASIA…' },
    { name: 'credentials.secretAccessKey', label: 'Secret access key', secret: true },
    { name: 'credentials.sessionToken', label: 'Session token', secret: true, optional: true },
    { name: 'credentials.roleArn', label: 'Role ARN', hint: 'arn:aws:iam::123456789012:role/name' },
    { name: 'credentials.externalId', label: 'External id', optional: true },
    { name: 'settings.region', label: 'Cost Explorer region', initial: 'us-east-1' },
  ],
  azure: [
    { name: 'credentials.tenantId', label: 'Tenant id', hint: 'Directory (tenant) id or domain' },
    { name: 'credentials.clientId', label: 'Client id', hint: 'Application (client) id' },
    { name: 'credentials.clientSecret', label: 'Client secret', secret: true },
    { name: 'settings.scope', label: 'Scope', hint: 'subscriptions/<id> or providers/Microsoft.Billing/billingAccounts/<id>' },
    {
      name: 'settings.costType',
      label: 'Costs',
      options: [
        { value: 'AmortizedCost', label: 'Amortized (reservations spread over their term)' },
        { value: 'ActualCost', label: 'Actual (as billed)' },
      ],
      initial: 'AmortizedCost',
    },
  ],
  gcp: [
    { name: 'credentials.serviceAccountKey', label: 'Service account key (JSON)', secret: true, multiline: true, hint: 'Paste the key file as downloaded' },
    { name: 'settings.table', label: 'Billing export table', hint: 'project.dataset.table' },
    {
      name: 'settings.format',
      label: 'Export format',
      options: [
        { value: 'standard', label: 'Standard usage cost export' },
        { value: 'focus', label: 'FOCUS view' },
      ],
      initial: 'standard',
    },
  ],
  openai: [{ name: 'credentials.adminKey', label: 'Admin key', secret: true, hint: 'Organization settings → Admin keys (sk-admin-…)' }],
};

const ALL_FIELDS = Object.values(PROVIDER_FIELDS).flat();
const ROLE_ONLY = ['credentials.roleArn', 'credentials.externalId'];
const KEYS_ONLY = ['credentials.accessKeyId', 'credentials.secretAccessKey', 'credentials.sessionToken'];

/** The fields a provider shows now (for AWS, those of the chosen way to sign in). */
export function visibleFields(provider: ConnectableCostProvider, awsKind: string): Field[] {
  return PROVIDER_FIELDS[provider].filter((field) => {
    if (provider !== 'aws') return true;
    return awsKind === 'assume_role' ? !KEYS_ONLY.includes(field.name) : !ROLE_ONLY.includes(field.name);
  });
}

/** Connects a provider's billing API: the credentials are checked with the provider when saved, then the backfill starts. */
@Component({
  selector: 'apex-connect-account',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Connect an account" class="form-stack">
      <mat-form-field appearance="outline">
        <mat-label>Provider</mat-label>
        <mat-select formControlName="provider">
          @for (provider of providers; track provider) {
            <mat-option [value]="provider">{{ labels[provider] }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Connection name</mat-label>
        <input matInput formControlName="name" placeholder="e.g. AWS production" />
        <mat-error>{{ errorOf(form.controls['name'], 'Name the connection.') }}</mat-error>
      </mat-form-field>
      @for (field of fields(); track field.name) {
        <mat-form-field appearance="outline">
          <mat-label>{{ field.label }}{{ field.optional ? ' (optional)' : '' }}</mat-label>
          @if (field.options; as options) {
            <mat-select [formControlName]="field.name">
              @for (option of options; track option.value) {
                <mat-option [value]="option.value">{{ option.label }}</mat-option>
              }
            </mat-select>
          } @else if (field.multiline) {
            <textarea matInput [formControlName]="field.name" rows="4" autocomplete="off" spellcheck="false"></textarea>
          } @else {
            <input matInput [formControlName]="field.name" [type]="field.secret ? 'password' : 'text'" autocomplete="off" spellcheck="false" />
          }
          @if (field.hint) {
            <mat-hint>{{ field.hint }}</mat-hint>
          }
          <mat-error>{{ errorOf(form.controls[field.name], 'Fill in ' + field.label.toLowerCase() + '.') }}</mat-error>
        </mat-form-field>
      }
      @if (submission.error(); as message) {
        <div class="banner banner--error" role="alert">{{ message }}</div>
      }
      <p class="note">Apex checks the credentials with the provider before saving them, stores them encrypted and never shows them again.</p>
      <div><button mat-flat-button type="submit" [disabled]="submission.submitting()">{{ submission.submitting() ? 'Checking…' : 'Connect' }}</button></div>
    </form>
  `,
  styles: `
    form { max-width: 640px; }
    .note { margin: 0 0 8px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class ConnectAccount {
  readonly connected = output<CostConnectionView>();

  private readonly api = inject(ValueApi);
  protected readonly labels = PROVIDER_LABELS;
  protected readonly providers: ConnectableCostProvider[] = ['aws', 'azure', 'gcp', 'openai'];

  protected readonly form = new FormGroup<Record<string, FormControl<string>>>({
    provider: new FormControl('aws', { nonNullable: true }),
    name: new FormControl('', { nonNullable: true, validators: [notBlank, Validators.maxLength(100)] }),
    ...Object.fromEntries(
      [...new Map(ALL_FIELDS.map((field) => [field.name, field])).values()].map((field) => [
        field.name,
        new FormControl(field.initial ?? '', { nonNullable: true, validators: field.optional ? [] : [notBlank] }),
      ]),
    ),
  });
  protected readonly submission = formSubmission(this.form, { focusServerErrors: true });

  private readonly provider = toSignal(this.form.controls['provider'].valueChanges, { initialValue: 'aws' });
  private readonly awsKind = toSignal(this.form.controls[AWS_KIND].valueChanges, { initialValue: 'access_key' });
  protected readonly fields = computed(() => visibleFields(this.provider() as ConnectableCostProvider, this.awsKind()));

  constructor() {
    this.enableVisible();
    this.form.controls['provider'].valueChanges.subscribe(() => this.enableVisible());
    this.form.controls[AWS_KIND].valueChanges.subscribe(() => this.enableVisible());
  }

  protected errorOf(control: AbstractControl | undefined, message: string): string {
    return control ? serverErrorOr(control, message) : message;
  }

  /** Only the provider's visible fields count towards validity and go in the request. */
  private enableVisible(): void {
    const visible = new Set(visibleFields(this.form.controls['provider'].value as ConnectableCostProvider, this.form.controls[AWS_KIND].value).map((f) => f.name));
    for (const field of ALL_FIELDS) {
      const control = this.form.controls[field.name];
      if (visible.has(field.name)) control.enable({ emitEvent: false });
      else control.disable({ emitEvent: false });
    }
  }

  protected submit(): Promise<void> {
    return this.submission.submit(async () => {
      const values = this.form.getRawValue();
      const provider = values['provider'] as ConnectableCostProvider;
      const request: CreateCostConnectionRequest = { provider, name: values['name'].trim(), credentials: {}, settings: {} };
      for (const field of visibleFields(provider, values[AWS_KIND])) {
        const value = values[field.name].trim();
        if (value === '' && field.optional) continue;
        const [part, key] = field.name.split('.') as ['credentials' | 'settings', string];
        request[part]![key] = value;
      }
      const connection = await firstValueFrom(this.api.connect(request));
      this.connected.emit(connection);
      this.form.reset({ provider, name: '' });
      this.enableVisible();
    });
  }
}
