import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import type { EnterpriseTermsView, OrganizationPlanView, OrganizationSummary } from '@apex/contracts';
import { AdminOrganizationsPage, SEARCH_DEBOUNCE_MS } from './admin-organizations.page';

const API = '/api/v1';
const ORG_ID = '7c1e9a52-3f0b-4a57-9d1e-2b8f6c4d0a11';

const COMPILERS: OrganizationSummary = {
  id: ORG_ID,
  name: 'Compilers Inc',
  tier: 'early',
  ownerEmail: 'grace@compilers.example',
  memberCount: 3,
  createdAt: '2026-03-01T12:00:00.000Z',
  stripeCustomerId: 'cus_test_compilers',
};

const ENGINES: OrganizationSummary = {
  id: '0d6f3c1a-5b2e-4c8d-9a7f-1e2b3c4d5e6f',
  name: 'Analytical Engines Ltd',
  tier: 'free',
  ownerEmail: 'ada@engines.example',
  memberCount: 1,
  createdAt: '2026-02-14T09:30:00.000Z',
  stripeCustomerId: null,
};

const EARLY_PLAN: OrganizationPlanView = {
  orgId: ORG_ID,
  tier: 'early',
  terms: null,
  entitlements: { tier: 'early', runLimit: 100, windowSeconds: 18000, features: ['basic_chat', 'api_access'] },
};

const CONTRACT_PLAN: OrganizationPlanView = {
  orgId: ORG_ID,
  tier: 'enterprise',
  terms: {
    runLimit: null,
    windowSeconds: null,
    extraFeatures: [],
    contractPercent: '12.50',
    contractMinimumCents: 250000,
    contractSubscriptionId: 'sub_contract_1',
  },
  entitlements: { tier: 'enterprise', runLimit: 1000, windowSeconds: 18000, features: ['basic_chat', 'api_access'] },
};

const SET: EnterpriseTermsView = { orgId: ORG_ID, tier: 'enterprise', percent: '12.50', minimumCents: 250000, subscriptionId: 'sub_contract_1' };

const problem = (status: number, type: string, title: string, detail: string, errors?: { field: string; message: string }[]) => ({
  body: { type: `https://apex.dev/problems/${type}`, title, status, detail, ...(errors ? { errors } : {}) },
  options: { status, statusText: title, headers: { 'content-type': 'application/problem+json' } },
});

describe('AdminOrganizationsPage', () => {
  let fixture: ComponentFixture<AdminOrganizationsPage>;
  let http: HttpTestingController;

  function open(): void {
    TestBed.configureTestingModule({
      imports: [AdminOrganizationsPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        // The dialog closes at once, without its exit animation.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminOrganizationsPage);
    fixture.detectChanges();
  }

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
    jest.useRealTimers();
  });

  /** The search for `term` ('' for the newest), 25 at most. */
  const searched = (term: string) =>
    http.expectOne(
      (r) =>
        r.method === 'GET' &&
        r.url === `${API}/admin/organizations` &&
        r.params.get('search') === (term || null) &&
        r.params.get('limit') === '25',
      `GET organizations for "${term}"`,
    );
  const planOf = (orgId = ORG_ID) => http.expectOne({ method: 'GET', url: `${API}/admin/organizations/${orgId}/plan` });
  const page = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const words = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const text = (testId: string) => words(page().querySelector(`[data-testid="${testId}"]`));
  const rows = () =>
    Array.from(page().querySelectorAll('[data-testid="organization-row"]')).map((row) =>
      Array.from(row.querySelectorAll('th, td'))
        .map((cell) => words(cell))
        .join(' | '),
    );
  const input = (label: string) => {
    const field = Array.from(page().querySelectorAll('mat-form-field')).find((f) => words(f.querySelector('mat-label')) === label);
    const found = field?.querySelector('input');
    if (!found) throw new Error(`no field labelled ${label}`);
    return found;
  };
  const type = (label: string, value: string) => {
    const field = input(label);
    field.value = value;
    field.dispatchEvent(new Event('input'));
    field.dispatchEvent(new Event('blur'));
  };
  const button = (label: string, root: ParentNode = page()) =>
    Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((b) => words(b) === label) ?? null;
  const press = (found: HTMLButtonElement | null) => {
    if (!found) throw new Error('no such button');
    found.click();
  };
  const settle = () => TestBed.inject(ApplicationRef).whenStable();
  const dialog = () => document.querySelector<HTMLElement>('apex-confirm-dialog');
  const dialogButton = (label: string) => button(label, dialog() ?? document.createElement('div'));

  /** The page open on Compilers Inc, found by name, with its plan loaded. */
  function chooseCompilers(plan: OrganizationPlanView = EARLY_PLAN): void {
    open();
    searched('').flush([COMPILERS, ENGINES]);
    press(button('Compilers Inc'));
    planOf().flush(plan);
  }

  it('lists the newest organisations, then searches as the operator types and at once on Enter', () => {
    jest.useFakeTimers();
    open();
    searched('').flush([COMPILERS, ENGINES]);
    expect(rows()).toEqual([
      'Compilers Inc | grace@compilers.example | Early | 3 | 1 Mar 2026',
      'Analytical Engines Ltd | ada@engines.example | Free | 1 | 14 Feb 2026',
    ]);

    type('Search organisations', 'Comp');
    jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    http.expectNone(() => true);
    type('Search organisations', 'Compilers');
    jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    expect(page().querySelector('mat-progress-bar[aria-label="Searching organisations"]')).not.toBeNull();
    searched('Compilers').flush([COMPILERS]);
    expect(rows()).toEqual(['Compilers Inc | grace@compilers.example | Early | 3 | 1 Mar 2026']);
    expect(page().querySelector('mat-progress-bar')).toBeNull();

    type('Search organisations', 'ada@engines.example');
    page().querySelector('form[role="search"]')?.dispatchEvent(new Event('submit'));
    searched('ada@engines.example').flush([ENGINES]);
    // The typing's own search would ask for the same again.
    jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    http.expectNone(() => true);
    expect(rows()).toEqual(['Analytical Engines Ltd | ada@engines.example | Free | 1 | 14 Feb 2026']);
  });

  it('says when no organisation matches', () => {
    open();
    searched('').flush([COMPILERS]);
    type('Search organisations', 'Babbage');
    page().querySelector('form[role="search"]')?.dispatchEvent(new Event('submit'));
    searched('Babbage').flush([]);

    expect(rows()).toEqual([]);
    expect(text('no-results')).toBe('No organisation matches “Babbage”. Try part of its name, a member\'s email or its ID.');
  });

  it('shows a failed search as a sentence', () => {
    open();
    const forbidden = problem(403, 'forbidden', 'Only Apex operators can do this', 'This is an operator tool.');
    searched('').flush(forbidden.body, forbidden.options);
    expect(text('search-error')).toBe('Only Apex operators can do this. This is an operator tool.');
  });

  it('searches the same term again by typing after a failed search', () => {
    jest.useFakeTimers();
    open();
    searched('').flush([COMPILERS]);
    type('Search organisations', 'Compilers');
    page().querySelector('form[role="search"]')?.dispatchEvent(new Event('submit'));
    const unavailable = problem(503, 'service-unavailable', 'Apex is briefly unavailable', 'Try again in a moment.');
    searched('Compilers').flush(unavailable.body, unavailable.options);
    expect(text('search-error')).toBe('Apex is briefly unavailable. Try again in a moment.');

    type('Search organisations', 'Compilers ');
    jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    searched('Compilers').flush([COMPILERS]);
    expect(text('search-error')).toBeNull();
    expect(rows()).toEqual(['Compilers Inc | grace@compilers.example | Early | 3 | 1 Mar 2026']);
  });

  it('shows the chosen organisation: plan, runs, Stripe customer and that it has no contract yet', () => {
    open();
    searched('').flush([COMPILERS, ENGINES]);
    press(button('Compilers Inc'));
    expect(page().querySelector('mat-progress-bar[aria-label="Loading Compilers Inc"]')).not.toBeNull();
    planOf().flush(EARLY_PLAN);

    expect(words(page().querySelector('#organization-title'))).toBe('Compilers Inc');
    expect(text('org-plan')).toBe('Early');
    expect(text('org-runs')).toBe('100 runs every 5 hours');
    expect(text('org-stripe-customer')).toBe('cus_test_compilers');
    expect(text('org-contract')).toBe('No Enterprise contract');
    expect(page().querySelector('[data-testid="org-contract-subscription"]')).toBeNull();
    expect(page().querySelector('tr.chosen')?.textContent).toContain('Compilers Inc');
    expect(button('Set Enterprise contract')).not.toBeNull();
  });

  it('shows a contract in force and its subscription, and starts the form from its terms', () => {
    chooseCompilers(CONTRACT_PLAN);

    expect(text('org-contract')).toBe('12.5% of measured AI spend, at least $2,500 a month');
    expect(text('org-contract-subscription')).toBe('sub_contract_1');
    expect(input('Percent of measured AI spend').value).toBe('12.5');
    expect(input('Monthly minimum').value).toBe('2500');
    expect(button('Change contract')).not.toBeNull();
  });

  it('checks the percent and the minimum before asking anything', async () => {
    chooseCompilers();

    type('Percent of measured AI spend', '16');
    type('Monthly minimum', '-5');
    press(button('Set Enterprise contract'));
    await settle();
    expect(text('percent-error')).toBe('The percent must be from 8 to 15.');
    expect(text('minimum-error')).toBe('The minimum cannot be negative.');

    type('Percent of measured AI spend', '12.345');
    type('Monthly minimum', '2500.555');
    press(button('Set Enterprise contract'));
    await settle();
    expect(text('percent-error')).toBe('Enter a number like 12.5, with at most two decimals.');
    expect(text('minimum-error')).toBe('Enter dollars and cents, like 2500 or 2,500.50, with at most two decimals.');

    type('Percent of measured AI spend', '');
    type('Monthly minimum', '');
    press(button('Set Enterprise contract'));
    await settle();
    expect(text('percent-error')).toBe('Enter the percent of measured AI spend, from 8 to 15.');
    expect(text('minimum-error')).toBe('Enter the monthly minimum in dollars, or 0 for none.');

    expect(dialog()).toBeNull();
    http.expectNone({ method: 'PUT' });
  });

  it('says exactly what happens, sends the terms in cents once confirmed, names the subscription and refreshes', async () => {
    chooseCompilers();
    type('Percent of measured AI spend', '12.5');
    type('Monthly minimum', '2,500');
    press(button('Set Enterprise contract'));
    await settle();

    expect(words(dialog())).toContain('Move Compilers Inc to Enterprise?');
    expect(words(dialog())).toContain(
      'This moves Compilers Inc to Enterprise at 12.5% of measured AI spend, at least $2,500 a month. It opens the contract\'s Stripe billing (invoices are sent, not charged to a card) and ends a running Early or Mid subscription or trial now.',
    );
    press(dialogButton('Move to Enterprise'));
    await settle();

    const put = http.expectOne({ method: 'PUT', url: `${API}/admin/organizations/${ORG_ID}/enterprise-terms` });
    expect(put.request.body).toEqual({ percent: '12.50', minimumCents: 250000 });
    put.flush(SET);

    expect(text('terms-notice')).toBe(
      'Compilers Inc is on Enterprise: 12.5% of measured AI spend, at least $2,500 a month. Stripe bills the contract on subscription sub_contract_1.',
    );
    planOf().flush(CONTRACT_PLAN);
    searched('').flush([{ ...COMPILERS, tier: 'enterprise' }, ENGINES]);
    expect(text('org-plan')).toBe('Enterprise');
    expect(text('org-contract')).toBe('12.5% of measured AI spend, at least $2,500 a month');
    expect(text('org-contract-subscription')).toBe('sub_contract_1');
    expect(rows()[0]).toBe('Compilers Inc | grace@compilers.example | Enterprise | 3 | 1 Mar 2026');
  });

  it('sends nothing when the operator cancels', async () => {
    chooseCompilers();
    type('Percent of measured AI spend', '10');
    type('Monthly minimum', '0');
    press(button('Set Enterprise contract'));
    await settle();
    press(dialogButton('Cancel'));
    await settle();

    expect(dialog()).toBeNull();
    http.expectNone({ method: 'PUT' });
    expect(page().querySelector('[data-testid="terms-notice"]')).toBeNull();
  });

  it('shows the API’s field error under its field', async () => {
    chooseCompilers();
    type('Percent of measured AI spend', '9');
    type('Monthly minimum', '100');
    press(button('Set Enterprise contract'));
    await settle();
    press(dialogButton('Move to Enterprise'));
    await settle();

    const refused = problem(400, 'validation', 'Some fields are invalid', 'Validation failed', [
      { field: 'percent', message: 'percent must be a decimal string from 8 to 15 with at most two decimals, like "10.50"' },
    ]);
    http.expectOne({ method: 'PUT' }).flush(refused.body, refused.options);

    expect(text('percent-error')).toBe('Percent must be a decimal string from 8 to 15 with at most two decimals, like "10.50"');
    expect(text('terms-error')).toBe('Some fields are invalid. Check the highlighted fields.');
    expect(page().querySelector('[data-testid="minimum-error"]')).toBeNull();

    // Changing the value takes the API's objection away.
    type('Percent of measured AI spend', '9.5');
    expect(page().querySelector('[data-testid="percent-error"]')).toBeNull();
  });

  it('shows what the API said when Stripe refuses, and when payments are off', async () => {
    chooseCompilers();
    type('Percent of measured AI spend', '12.5');
    type('Monthly minimum', '2500');

    press(button('Set Enterprise contract'));
    await settle();
    press(dialogButton('Move to Enterprise'));
    await settle();
    const stripe = problem(502, 'payment-provider-error', 'The payment provider refused or could not be reached', 'Nothing changed in Apex; try again.');
    http.expectOne({ method: 'PUT' }).flush(stripe.body, stripe.options);
    expect(text('terms-error')).toBe('The payment provider refused or could not be reached. Nothing changed in Apex; try again.');
    expect(button('Set Enterprise contract')?.disabled).toBe(false);

    press(button('Set Enterprise contract'));
    await settle();
    press(dialogButton('Move to Enterprise'));
    await settle();
    const off = problem(403, 'payments-disabled', 'Payments are turned off', 'Payments are turned off for now; nothing was sent to the payment provider.');
    http.expectOne({ method: 'PUT' }).flush(off.body, off.options);
    expect(text('terms-error')).toBe('Payments are turned off. Payments are turned off for now; nothing was sent to the payment provider.');
    expect(page().querySelector('[data-testid="terms-notice"]')).toBeNull();
  });
});
