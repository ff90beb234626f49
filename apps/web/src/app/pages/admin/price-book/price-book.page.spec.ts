import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import type { PriceBookDiff, PriceBookVersionDetail, PriceBookVersionView } from '@apex/contracts';
import { PriceBookPage } from './price-book.page';

const API = '/api/v1/admin/price-book/versions';

const view = (version: number, status: PriceBookVersionView['status']): PriceBookVersionView => ({
  version,
  status,
  importedAt: '2026-12-01T09:00:00.000Z',
  activatedAt: status === 'active' ? '2026-12-01T09:00:00.000Z' : null,
  sources: [{ name: 'litellm_model_prices_and_context_window.json', sha256: 'ab'.repeat(32), source: 'BerriAI/litellm', licence: 'MIT' }],
  entryCount: 2400,
  quarantinedCount: 1,
  conflictCount: 0,
});

const detail = (version: number, status: PriceBookVersionView['status']): PriceBookVersionDetail => ({
  ...view(version, status),
  quarantined: [{ source: 'litellm', entry: 'claude-3-haiku-20240307', field: 'cacheWrite1hMtok', reason: 'a 1-hour cache write at 24 × the input price' }],
  conflicts: [],
  rules: [],
});

const DIFF: PriceBookDiff = {
  from: 1,
  to: 2,
  added: [{ provider: 'openai', model: 'gpt-5' }],
  removed: [],
  changed: [{ provider: 'openai', model: 'gpt-4o', field: 'inputMtok', before: '2.5', after: '2' }],
};

describe('PriceBookPage', () => {
  let fixture: ComponentFixture<PriceBookPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [PriceBookPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PriceBookPage);
    fixture.detectChanges();
  });
  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
  });

  const page = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const words = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const text = (testId: string) => words(page().querySelector(`[data-testid="${testId}"]`));
  const cells = (row: Element) => Array.from(row.querySelectorAll('th, td')).map(words).join(' | ');
  const settle = () => TestBed.inject(ApplicationRef).whenStable();

  function openOnVersions(): void {
    http.expectOne(API).flush([view(2, 'draft'), view(1, 'active')]);
    http.expectOne(`${API}/1`).flush(detail(1, 'active'));
    http.expectOne(`${API}/1/diff`).flush({ from: 1, to: 1, added: [], removed: [], changed: [] });
  }

  it('lists the versions and opens the active one with its quarantined entries', () => {
    openOnVersions();
    expect(Array.from(page().querySelectorAll('[data-testid="price-book-version"]')).map(cells)).toEqual([
      'Version 2 | draft | 1 Dec 2026, 09:00 | 2400 | 1 | 0',
      'Version 1 | active | 1 Dec 2026, 09:00 | 2400 | 1 | 0',
    ]);
    expect(text('quarantined')).toContain('claude-3-haiku-20240307 cacheWrite1hMtok: a 1-hour cache write at 24 × the input price');
    expect(text('diff-summary')).toBe('Against active version 1: 0 added, 0 removed, 0 changed fields.');
    expect(page().querySelector('[data-testid="activate-version"]')).toBeNull();
  });

  it("shows a draft's diff against the active version and activates it once confirmed", async () => {
    openOnVersions();
    (page().querySelectorAll<HTMLButtonElement>('[data-testid="price-book-version"] button')[0]).click();
    http.expectOne(`${API}/2`).flush(detail(2, 'draft'));
    http.expectOne(`${API}/2/diff`).flush(DIFF);
    expect(text('diff-summary')).toBe('Against active version 1: 1 added, 0 removed, 1 changed field.');
    expect(Array.from(page().querySelectorAll('[data-testid="diff-changes"] tbody tr')).map(cells)).toEqual(['openai / gpt-4o | inputMtok | 2.5 | 2']);
    expect(text('diff-added')).toBe('openai / gpt-5');

    page().querySelector<HTMLButtonElement>('[data-testid="activate-version"]')!.click();
    await settle();
    const confirm = Array.from(document.querySelectorAll<HTMLButtonElement>('apex-confirm-dialog button')).find((b) => words(b) === 'Activate')!;
    confirm.click();
    await settle();
    const activation = http.expectOne({ method: 'POST', url: `${API}/2/activate` });
    expect(activation.request.body).toEqual({});
    activation.flush(detail(2, 'active'));
    http.expectOne(API).flush([view(2, 'active'), view(1, 'retired')]);
    http.expectOne(`${API}/2`).flush(detail(2, 'active'));
    http.expectOne(`${API}/2/diff`).flush({ from: 2, to: 2, added: [], removed: [], changed: [] });
    expect(text('price-book-notice')).toBe('Version 2 is active.');
  });

  it('says which entry and field a refused import named, and imports nothing', async () => {
    openOnVersions();
    const pick = (testId: string, content: string) => {
      const input = page().querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)!;
      Object.defineProperty(input, 'files', { value: [{ text: () => Promise.resolve(content) }] });
      input.dispatchEvent(new Event('change'));
    };
    pick('litellm-file', '{"gpt-4o": {"input_cost_per_token": -1}}');
    pick('genai-prices-file', '[]');
    await settle();
    await new Promise((resolve) => setTimeout(resolve));
    const submit = Array.from(page().querySelectorAll<HTMLButtonElement>('button')).find((b) => words(b) === 'Import as a draft')!;
    expect(submit.disabled).toBe(false);
    submit.click();
    const request = http.expectOne({ method: 'POST', url: API });
    expect(request.request.body).toEqual({ litellm: '{"gpt-4o": {"input_cost_per_token": -1}}', genaiPrices: '[]' });
    request.flush(
      {
        type: 'https://apex.dev/problems/price-file-invalid',
        title: 'The price files were refused',
        status: 400,
        detail: 'Nothing was imported and the active version stays. `errors` name each entry and field.',
        errors: [{ field: 'litellm.gpt-4o.input_cost_per_token', message: 'must not be negative (-1)' }],
      },
      { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/problem+json' } },
    );
    expect(text('import-error')).toContain('litellm.gpt-4o.input_cost_per_token must not be negative (-1)');
  });
});
