import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import type { CreatedProofShareLink, ProofShareLink } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { ProofShareLinks } from './proof-share-links';

const PROOF = '0b6a1d5e-1f0c-4c55-9e57-7d6f1e8e2a11';
const LINKS = `/api/v1/proofs/${PROOF}/share-links`;

const link = (overrides: Partial<ProofShareLink>): ProofShareLink => ({
  id: 'link-1',
  proofId: PROOF,
  status: 'active',
  expiresAt: '2027-01-02T12:00:00.000Z',
  revokedAt: null,
  openCount: 0,
  lastOpenedAt: null,
  createdAt: '2026-12-03T12:00:00.000Z',
  ...overrides,
});

const ACTIVE = link({ id: 'active', openCount: 3, lastOpenedAt: '2026-12-04T12:30:00.000Z' });
const EXPIRED = link({ id: 'expired', status: 'expired', expiresAt: '2026-11-20T12:00:00.000Z', createdAt: '2026-11-19T12:00:00.000Z', openCount: 1, lastOpenedAt: '2026-11-19T12:00:00.000Z' });
const REVOKED = link({ id: 'revoked', status: 'revoked', revokedAt: '2026-11-25T12:00:00.000Z', createdAt: '2026-11-18T12:00:00.000Z' });

describe('ProofShareLinks', () => {
  let fixture: ComponentFixture<ProofShareLinks>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [ProofShareLinks],
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ProofShareLinks);
    fixture.componentRef.setInput('proofId', PROOF);
    fixture.detectChanges();
  });
  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
  });

  const settle = () => fixture.whenStable();
  const panel = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const words = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const text = (testId: string, root: ParentNode = panel()) => words(root.querySelector(`[data-testid="${testId}"]`));
  const rows = () => Array.from(panel().querySelectorAll('[data-testid="share-link-row"]'), (row) => Array.from(row.querySelectorAll('td'), words));
  const button = (label: string, root: ParentNode = panel()) => {
    const found = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((b) => words(b) === label);
    if (!found) throw new Error(`no button "${label}"`);
    return found;
  };
  async function list(links: ProofShareLink[]): Promise<void> {
    await settle();
    http.expectOne({ method: 'GET', url: LINKS }).flush(links);
    await settle();
  }

  it('lists each link with its expiry, status, opens and last open, and offers to revoke only the active one', async () => {
    await list([ACTIVE, EXPIRED, REVOKED]);
    // Times are at noon UTC, so the day is the same in any time zone the test runs in.
    expect(rows().map((cells) => cells.slice(0, 5).map((cell) => cell?.replace(/, \d\d:\d\d$/, '')))).toEqual([
      ['3 Dec 2026', '2 Jan 2027', 'Active', '3 times', '4 Dec 2026'],
      ['19 Nov 2026', '20 Nov 2026', 'Expired', '1 time', '19 Nov 2026'],
      ['18 Nov 2026', '2 Jan 2027', 'Revoked 25 Nov 2026', '0 times', 'Never'],
    ]);
    expect(panel().querySelectorAll('[data-testid="share-link-revoke"]')).toHaveLength(1);
  });

  it('says when there is no link yet', async () => {
    await list([]);
    expect(text('share-links-empty')).toBe('No share links yet.');
  });

  it('creates a link for the chosen days and shows its URL once, with a copy button and a warning', async () => {
    await list([]);
    const select = panel().querySelector<HTMLSelectElement>('[data-testid="share-link-expiry"]')!;
    expect(Array.from(select.options, (o) => o.textContent?.trim())).toEqual(['1 day', '7 days', '30 days', '90 days', '1 year']);
    expect(select.options[select.selectedIndex].textContent?.trim()).toBe('30 days');
    select.selectedIndex = 3;
    select.dispatchEvent(new Event('change'));
    // jsdom does not submit a form from its button.
    panel().querySelector('form')!.dispatchEvent(new Event('submit'));
    const created: CreatedProofShareLink = { ...link({ id: 'new', expiresAt: '2027-03-03T12:00:00.000Z' }), token: 'q3WxYz0123456789abcdEF', url: 'https://app.apex.test/proof/q3WxYz0123456789abcdEF' };
    const request = http.expectOne({ method: 'POST', url: LINKS });
    expect(request.request.body).toEqual({ expiresInDays: 90 });
    request.flush(created);
    await settle();
    http.expectOne({ method: 'GET', url: LINKS }).flush([link({ id: 'new', expiresAt: created.expiresAt })]);
    await settle();

    const shown = panel().querySelector('[data-testid="share-link-created"]')!;
    expect(panel().querySelector<HTMLInputElement>('[data-testid="share-link-url"]')!.value).toBe(created.url);
    expect(words(shown.querySelector('.warning'))).toContain('Copy this link now: it is shown only once.');
    expect(words(shown)).toContain('works until 3 Mar 2027');
    expect(button('Copy', shown)).toBeTruthy();
    expect(rows()).toHaveLength(1);
    // The list never shows the token.
    expect(words(panel().querySelector('[data-testid="share-links-table"]'))).not.toContain(created.token);

    button("I've saved the link", shown).click();
    expect(panel().querySelector('[data-testid="share-link-created"]')).toBeNull();
    expect(panel().textContent).not.toContain(created.token);
  });

  it('says why a link could not be created', async () => {
    await list([]);
    panel().querySelector('form')!.dispatchEvent(new Event('submit'));
    http.expectOne({ method: 'POST', url: LINKS }).flush(
      { type: ProblemType.proofNotFinished, title: 'The proof has no signed report to share yet', status: 409, detail: 'Proof x is still measuring; a link can be created once its report is signed.' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(text('share-links-error')).toBe('The proof has no signed report to share yet. Proof x is still measuring; a link can be created once its report is signed.');
    expect(panel().querySelector('[data-testid="share-link-created"]')).toBeNull();
  });

  it('revokes a link only once the owner confirms', async () => {
    await list([ACTIVE]);
    button('Revoke').click();
    await settle();
    let dialog = document.querySelector('apex-confirm-dialog') as HTMLElement;
    expect(words(dialog)).toContain('Revoke this link?');
    button('Cancel', dialog).click();
    await settle();
    http.expectNone({ method: 'DELETE' });

    button('Revoke').click();
    await settle();
    dialog = document.querySelector('apex-confirm-dialog') as HTMLElement;
    button('Revoke link', dialog).click();
    await settle();
    http.expectOne({ method: 'DELETE', url: `${LINKS}/active` }).flush({ ...ACTIVE, status: 'revoked', revokedAt: '2026-12-05T12:00:00.000Z' });
    await settle();
    http.expectOne({ method: 'GET', url: LINKS }).flush([{ ...ACTIVE, status: 'revoked', revokedAt: '2026-12-05T12:00:00.000Z' }]);
    await settle();
    expect(text('share-links-notice')).toBe('The link is revoked: it no longer opens the report.');
    expect(rows()[0][2]).toBe('Revoked 5 Dec 2026');
    expect(panel().querySelector('[data-testid="share-link-revoke"]')).toBeNull();
  });
});
