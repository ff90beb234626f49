import { DatePipe } from '@angular/common';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { catchError, debounceTime, filter, map, merge, of, Subject, switchMap, tap } from 'rxjs';
import type { EnterpriseTermsView, OrganizationPlanView, OrganizationSummary } from '@apex/contracts';
import { problemMessage } from '../../core/problem-message';
import { AdminApi } from './admin-api';
import { contractSummary, tierName } from './admin-format';
import { ContractCustomer, EnterpriseTermsForm } from './enterprise-terms-form';
import { OrganizationDetails } from './organization-details';

/** How long the search waits after the last keystroke before asking the API. */
export const SEARCH_DEBOUNCE_MS = 300;

/** An API call's answer or failure, so that one failed search does not end the stream of searches. */
const answered = <T>(value: T) => ({ value });
const failed = (error: unknown) => of({ error });

const sameCustomer = (a: ContractCustomer | null, b: ContractCustomer | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * For Apex operators: find a customer organisation by name, a member's email or its id, see its plan and
 * billing, and sell it an Enterprise contract.
 */
@Component({
  selector: 'apex-admin-organizations-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    EnterpriseTermsForm,
    OrganizationDetails,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page list-page" aria-labelledby="organizations-title">
      <p class="eyebrow">Operators</p>
      <h1 id="organizations-title">Organisations</h1>
      <p class="lede">Find a customer organisation to see its plan and billing, and sell it an Enterprise contract.</p>

      <form class="search" role="search" [formGroup]="searchForm" (ngSubmit)="searchNow()" aria-label="Find an organisation">
        <mat-form-field appearance="outline" class="query">
          <mat-label>Search organisations</mat-label>
          <input matInput type="search" formControlName="query" autocomplete="off" />
          <mat-hint>Part of the name, a member's email, or the organisation ID</mat-hint>
        </mat-form-field>
        <button mat-flat-button type="submit">Search</button>
      </form>

      <div aria-live="polite">
        @if (searchError(); as message) {
          <div class="banner banner--error" role="alert" data-testid="search-error">{{ message }}</div>
        }
      </div>

      <div class="progress-slot">
        @if (searching()) {
          <mat-progress-bar mode="indeterminate" aria-label="Searching organisations" />
        }
      </div>

      @if (results(); as organizations) {
        @if (organizations.length === 0) {
          <p class="empty" data-testid="no-results">
            @if (searchedFor()) {
              No organisation matches “{{ searchedFor() }}”. Try part of its name, a member's email or its ID.
            } @else {
              There are no organisations yet.
            }
          </p>
        } @else {
          <div class="scroll">
            <table>
              <caption class="visually-hidden">
                {{ searchedFor() ? 'Organisations matching ' + searchedFor() : 'The newest organisations' }}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Owner email</th>
                  <th scope="col">Plan</th>
                  <th scope="col" class="number">Members</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                @for (organization of organizations; track organization.id) {
                  @let chosen = organization.id === selected()?.id;
                  <tr data-testid="organization-row" [class.chosen]="chosen" (click)="select(organization)">
                    <th scope="row">
                      <button type="button" class="pick" [attr.aria-current]="chosen ? 'true' : null">{{ organization.name }}</button>
                    </th>
                    <td>{{ organization.ownerEmail ?? '—' }}</td>
                    <td><span class="tier" [attr.data-tier]="organization.tier">{{ tierName(organization.tier) }}</span></td>
                    <td class="number">{{ organization.memberCount }}</td>
                    <td>{{ organization.createdAt | date: 'd MMM y' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      }

      @if (selected(); as organization) {
        <section class="selected" aria-labelledby="organization-title">
          <h2 id="organization-title" #detailsHeading tabindex="-1">{{ organization.name }}</h2>

          <div aria-live="polite">
            @if (notice(); as message) {
              <div class="banner banner--success" data-testid="terms-notice">{{ message }}</div>
            }
          </div>

          @if (planError(); as message) {
            <div class="banner banner--error" role="alert">
              {{ message }} <button mat-button type="button" (click)="loadPlan(organization.id)">Try again</button>
            </div>
          } @else if (plan(); as plan) {
            <div class="columns">
              <mat-card appearance="outlined" class="card">
                <h3>Plan and billing</h3>
                <apex-organization-details [organization]="organization" [plan]="plan" />
              </mat-card>
              @if (customer(); as customer) {
                <mat-card appearance="outlined" class="card">
                  <h3>Enterprise contract</h3>
                  <p class="explain">
                    The organisation pays a percent of its measured AI spend each month, never less than the minimum. Stripe sends
                    the invoices.
                  </p>
                  <apex-enterprise-terms-form [customer]="customer" (saved)="contractSet(organization, $event)" />
                </mat-card>
              }
            </div>
          } @else {
            <mat-progress-bar mode="indeterminate" [attr.aria-label]="'Loading ' + organization.name" />
          }
        </section>
      }
    </section>
  `,
  styleUrls: ['../../shared/list-page.css', '../../shared/data-table.css'],
  styles: `
    .eyebrow { margin: 0 0 4px; color: var(--mat-sys-primary); font: var(--mat-sys-label-large); letter-spacing: 0.04em; text-transform: uppercase; }
    .search { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; margin-bottom: 8px; }
    .query { flex: 1 1 360px; }
    .search button { margin-top: 10px; }
    .progress-slot { height: 4px; margin-bottom: 8px; }
    .empty { margin: 0; padding: 32px 16px; text-align: center; color: var(--mat-sys-on-surface-variant); border: 1px dashed var(--mat-sys-outline-variant); border-radius: 12px; }
    tbody tr { cursor: pointer; }
    tbody tr:hover { background: var(--mat-sys-surface-container-low); }
    tbody tr.chosen { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .pick {
      padding: 0; border: 0; background: none; cursor: pointer; color: var(--mat-sys-primary);
      font: inherit; font-weight: 500; text-align: left;
    }
    .pick:hover { text-decoration: underline; }
    .pick:focus-visible { outline: 2px solid var(--mat-sys-primary); outline-offset: 2px; border-radius: 2px; }
    .number { text-align: right; }
    .tier {
      display: inline-block; padding: 2px 10px; border-radius: 999px;
      background: var(--mat-sys-surface-container-high); font: var(--mat-sys-label-medium);
    }
    .tier[data-tier='enterprise'] { background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .selected { margin-top: 40px; }
    .selected h2 { outline: none; font: var(--mat-sys-headline-small); }
    .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 16px; align-items: start; }
    .card { padding: 20px 24px; }
    h3 { margin: 0 0 16px; font: var(--mat-sys-title-medium); }
    .explain { margin: -8px 0 20px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class AdminOrganizationsPage {
  private readonly api = inject(AdminApi);
  private readonly injector = inject(Injector);
  private readonly detailsHeading = viewChild<ElementRef<HTMLElement>>('detailsHeading');

  protected readonly tierName = tierName;
  protected readonly searchForm = inject(NonNullableFormBuilder).group({ query: [''] });

  protected readonly results = signal<OrganizationSummary[] | null>(null);
  /** The term the shown results are for ('' for the newest). */
  protected readonly searchedFor = signal('');
  protected readonly searching = signal(false);
  protected readonly searchError = signal<string | null>(null);

  protected readonly selected = signal<OrganizationSummary | null>(null);
  protected readonly plan = signal<OrganizationPlanView | null>(null);
  protected readonly planError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  protected readonly customer = computed<ContractCustomer | null>(
    () => {
      const organization = this.selected();
      const plan = this.plan();
      if (!organization || !plan) return null;
      const terms = plan.terms;
      const contract =
        terms?.contractPercent && terms.contractMinimumCents !== null ? { percent: terms.contractPercent, minimumCents: terms.contractMinimumCents } : null;
      return { id: organization.id, name: organization.name, contract };
    },
    { equal: sameCustomer },
  );

  private readonly searches = new Subject<string>();
  private readonly planRequests = new Subject<string>();

  constructor() {
    const typed = this.searchForm.controls.query.valueChanges.pipe(
      debounceTime(SEARCH_DEBOUNCE_MS),
      map((query) => query.trim()),
      // Enter already searched for it, unless that search failed.
      filter((term) => term !== this.searchedFor() || this.searchError() !== null),
    );
    merge(typed, this.searches)
      .pipe(
        tap((term) => {
          this.searchedFor.set(term);
          this.searching.set(true);
          this.searchError.set(null);
        }),
        switchMap((term) => this.api.organizations(term).pipe(map(answered), catchError(failed))),
        takeUntilDestroyed(),
      )
      .subscribe((answer) => {
        this.searching.set(false);
        if ('error' in answer) this.searchError.set(problemMessage(answer.error));
        else this.showResults(answer.value);
      });

    this.planRequests
      .pipe(
        switchMap((orgId) => this.api.organizationPlan(orgId).pipe(map(answered), catchError(failed))),
        takeUntilDestroyed(),
      )
      .subscribe((answer) => {
        if ('error' in answer) this.planError.set(problemMessage(answer.error));
        else this.plan.set(answer.value);
      });

    this.searches.next('');
  }

  protected searchNow(): void {
    this.searches.next(this.searchForm.controls.query.value.trim());
  }

  protected select(organization: OrganizationSummary): void {
    if (organization.id === this.selected()?.id) return;
    this.selected.set(organization);
    this.plan.set(null);
    this.notice.set(null);
    this.loadPlan(organization.id);
    // Focus moves to the organisation's heading, which also brings its details into view.
    afterNextRender(() => this.detailsHeading()?.nativeElement.focus(), { injector: this.injector });
  }

  protected loadPlan(orgId: string): void {
    this.planError.set(null);
    this.planRequests.next(orgId);
  }

  protected contractSet(organization: OrganizationSummary, contract: EnterpriseTermsView): void {
    this.notice.set(
      `${organization.name} is on Enterprise: ${contractSummary(contract.percent, contract.minimumCents)}. ` +
        `Stripe bills the contract on subscription ${contract.subscriptionId}.`,
    );
    this.loadPlan(contract.orgId);
    // The list shows the new plan, and the Stripe customer the contract may have created.
    this.searches.next(this.searchedFor());
  }

  private showResults(organizations: OrganizationSummary[]): void {
    this.results.set(organizations);
    const selected = this.selected();
    const fresh = selected && organizations.find((organization) => organization.id === selected.id);
    if (fresh) this.selected.set(fresh);
  }
}
