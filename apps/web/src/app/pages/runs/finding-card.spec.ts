import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import type { RecommendationView } from '@apex/contracts';
import { CostRowsDrillDown } from '../value/cost-rows.dialog';
import { FindingCard } from './finding-card';
import { recommendation } from './testing/run-fixtures';

const API = '/api/v1';

describe('FindingCard', () => {
  let fixture: ComponentFixture<FindingCard>;
  let http: HttpTestingController;
  let drillDown: { open: jest.Mock };

  function show(finding: RecommendationView): void {
    drillDown = { open: jest.fn() };
    TestBed.configureTestingModule({
      imports: [FindingCard],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: CostRowsDrillDown, useValue: drillDown },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FindingCard);
    fixture.componentRef.setInput('recommendation', finding);
    fixture.detectChanges();
    // An open or accepted recommendation asks whether Apex sees it implemented in the rows (see implementation-action.spec).
    for (const request of http.match((r) => r.url.endsWith('/implementation'))) {
      request.flush({ recommendationId: finding.id, status: 'not_detected', change: null, explanation: 'Apex sees no such change.' });
    }
  }

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
  });

  const card = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const text = (selector: string, root: ParentNode = card()) => root.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const buttons = (root: ParentNode = card()) => Array.from(root.querySelectorAll<HTMLButtonElement>('button'), (b) => b.textContent?.trim());
  const button = (label: string, root: ParentNode = card()) => {
    const found = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim() === label);
    if (!found) throw new Error(`no button "${label}"`);
    return found;
  };
  const settle = () => fixture.whenStable();

  it('shows what to do, what it rests on and its potential a month, never calling it a saving made', () => {
    show(recommendation());
    expect(text('[data-testid="finding-title"]')).toBe('Cache the repeated start of gpt-4o prompts: 0 % of input is cached today');
    expect(text('.eyebrow')).toBe('Prompt caching · openai · gpt-4o');
    expect(text('[data-testid="finding-savings"] dl')).toBe('Low$93.75Expected$187.50High$281.25');
    expect(text('[data-testid="finding-savings"] .label')).toBe('Potential monthly savings');
    expect(Array.from(card().querySelectorAll('ol li'), (li) => li.textContent?.trim())).toHaveLength(2);
    expect(card().querySelector('a[href="https://platform.openai.com/docs/guides/prompt-caching"]')?.textContent?.trim()).toBe('Provider documentation');
    expect(text('.levels')).toBe('Effort: Low · Risk: Low');
    expect(text('[data-testid="evidence-rows"]')).toBe('30 cost rows');
    expect(text('[data-testid="evidence-amount"]')).toBe('$1,050.00');
    expect(text('[data-testid="evidence-sha256"]')).toBe('a'.repeat(64));
    expect(card().querySelector('[data-testid="finding-caveat"]')).toBeNull();
    expect(text('[data-testid="finding-status"]')).toBe('Open');
  });

  it('shows the caveat of a substitution', () => {
    show(recommendation({ kind: 'model_substitution', caveat: 'Quality not verified: prove it with a measured trial.' }));
    expect(text('[data-testid="finding-caveat"]')).toBe('Quality not verified: prove it with a measured trial.');
  });

  it('shows the monthly figure for the share of traffic chosen', async () => {
    show(recommendation());
    expect(text('[data-testid="scenario-figure"]')).toBe('If 50 % of the uncached input is a repeated prefix: $187.50 a month, potential');
    button('75 %').click();
    await settle();
    expect(text('[data-testid="scenario-figure"]')).toBe('If 75 % of the uncached input is a repeated prefix: $281.25 a month, potential');
  });

  it('opens the cost rows of its evidence', () => {
    const finding = recommendation();
    show(finding);
    button('Evidence').click();
    expect(drillDown.open).toHaveBeenCalledWith(`Evidence · ${finding.title}`, finding.evidence.filters[0]);
  });

  it('is accepted, and then may still be dismissed', async () => {
    show(recommendation());
    button('Accept').click();
    const call = http.expectOne({ method: 'POST', url: `${API}/recommendations/rec_caching/accept` });
    expect(call.request.body).toEqual({});
    call.flush(recommendation({ status: 'accepted', statusChangedAt: '2026-12-02T09:00:00.000Z' }));
    await settle();
    expect(text('[data-testid="finding-status"]')).toBe('Accepted');
    expect(buttons().filter((b) => b === 'Accept' || b === 'Dismiss')).toEqual(['Dismiss']);
  });

  it('is dismissed only with a reason, which it then shows', async () => {
    show(recommendation());
    button('Dismiss').click();
    await settle();
    const dialog = document.querySelector('apex-dismiss-reason-dialog') as HTMLElement;
    expect(dialog.textContent).toContain('Dismiss this finding?');

    // jsdom does not submit forms from their buttons; the dialog's form is submitted as its Dismiss button would.
    const submit = () => dialog.querySelector('form')?.dispatchEvent(new Event('submit'));
    expect(button('Dismiss', dialog).type).toBe('submit');
    submit();
    await settle();
    expect(dialog.textContent).toContain('Say why, so your team knows later.');
    http.expectNone(`${API}/recommendations/rec_caching/dismiss`);

    const reason = dialog.querySelector('textarea') as HTMLTextAreaElement;
    reason.value = '  We already cache this prefix in our gateway.  ';
    reason.dispatchEvent(new Event('input'));
    submit();
    await settle();
    const call = http.expectOne({ method: 'POST', url: `${API}/recommendations/rec_caching/dismiss` });
    expect(call.request.body).toEqual({ reason: 'We already cache this prefix in our gateway.' });
    call.flush(recommendation({ status: 'dismissed', statusReason: 'We already cache this prefix in our gateway.', statusChangedAt: '2026-12-02T09:00:00.000Z' }));
    await settle();
    expect(text('[data-testid="finding-status"]')).toBe('Dismissed');
    expect(text('[data-testid="finding-reason"]')).toBe('Dismissed on 2 Dec 2026: We already cache this prefix in our gateway.');
    expect(buttons().filter((b) => b === 'Accept' || b === 'Dismiss')).toEqual(['Accept']);
  });

  it('says readably why its status could not move', async () => {
    show(recommendation());
    button('Accept').click();
    http
      .expectOne(`${API}/recommendations/rec_caching/accept`)
      .flush(
        { type: 'https://apex.dev/problems/recommendation-cannot-move', title: 'The recommendation cannot move', status: 409, detail: 'It is implemented; it cannot become accepted.' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    expect(text('[role="alert"]')).toBe('The recommendation cannot move. It is implemented; it cannot become accepted.');
    expect(text('[data-testid="finding-status"]')).toBe('Open');
  });
});
