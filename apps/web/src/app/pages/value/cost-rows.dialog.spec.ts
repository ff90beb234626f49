import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import type { CostRowsPage, CostRowView } from '@apex/contracts';
import { CostRowsDialog, CostRowsDialogData } from './cost-rows.dialog';

const filter = { from: '2025-01-01', to: '2025-02-01', scope: 'ai' as const, currency: 'USD', provider: 'OpenAI' };

function row(id: string, effectiveCost: string, provenance: Partial<CostRowView['provenance']>): CostRowView {
  return {
    id,
    chargePeriodStart: '2025-01-05T00:00:00.000000Z',
    chargePeriodEnd: '2025-01-06T00:00:00.000000Z',
    chargeCategory: 'Usage',
    chargeDescription: null,
    providerName: 'OpenAI',
    serviceName: 'OpenAI API',
    model: 'gpt-4o',
    resourceId: null,
    resourceName: null,
    regionId: null,
    skuId: null,
    billingCurrency: 'USD',
    billedCost: effectiveCost,
    effectiveCost,
    consumedQuantity: null,
    consumedUnit: null,
    inputTokens: '1000000',
    outputTokens: '500000',
    cachedTokens: null,
    requests: null,
    isAi: true,
    provenance: { kind: 'file', connectionId: 'c1', connectionName: 'FOCUS uploads', sourceId: 's1', fileName: 'openai.csv', sourcePage: null, sourceRow: 1, ...provenance },
  };
}

describe('CostRowsDialog', () => {
  let fixture: ComponentFixture<CostRowsDialog>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [CostRowsDialog],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: { title: 'AI spend · OpenAI · Jan 2025', filter } satisfies CostRowsDialogData },
      ],
    });
    fixture = TestBed.createComponent(CostRowsDialog);
    http = TestBed.inject(HttpTestingController);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const text = (selector: string) =>
    Array.from((fixture.nativeElement as HTMLElement).querySelectorAll(selector), (e) => e.textContent?.replace(/\s+/g, ' ').trim());
  const rowsUrl = '/api/v1/metrics/rows?from=2025-01-01&to=2025-02-01&scope=ai&currency=USD&provider=OpenAI';
  const answer = async (url: string, page: CostRowsPage) => {
    http.expectOne(url).flush(page);
    await fixture.whenStable();
  };

  it('lists the rows of the figure with where each came from, and their total', async () => {
    await answer(`${rowsUrl}&limit=50`, {
      filter,
      basis: 'effective',
      totals: [{ currency: 'USD', amount: '30.5', rowCount: 3 }],
      items: [row('1', '10.50', { sourceRow: 3 }), row('2', '20', { kind: 'api', connectionName: 'OpenAI org', fileName: null, sourcePage: 'page-2', sourceRow: 1 })],
      next: 'cursor-1',
    });

    expect(text('[data-testid="rows-total"]')).toEqual(['3 rows totalling $30.50 of EffectiveCost']);
    expect(text('[data-testid="row-source"]')).toEqual(['openai.csv · line 3', 'OpenAI org · page page-2 · row 1']);
    expect(text('[data-testid="row-effective-cost"]')).toEqual(['$10.50', '$20.00']);

    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('mat-dialog-content button')!.click();
    await answer(`${rowsUrl}&cursor=cursor-1&limit=50`, { filter, basis: 'effective', totals: [{ currency: 'USD', amount: '30.5', rowCount: 3 }], items: [row('3', '0', {})], next: null });

    expect(text('[data-testid="row-effective-cost"]')).toEqual(['$10.50', '$20.00', '$0.00']);
    expect(text('mat-dialog-content button')).toEqual([]);
  });

  it('says why the rows could not be loaded', async () => {
    http
      .expectOne(`${rowsUrl}&limit=50`)
      .flush(
        { type: 'https://apex.dev/problems/validation', title: 'Your request has invalid fields', status: 400, errors: [{ field: 'cursor', message: 'cursor must be the `next` value of a previous page' }] },
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();
    expect(text('[role="alert"]')).toEqual(['Your request has invalid fields. cursor must be the `next` value of a previous page.']);
  });
});
