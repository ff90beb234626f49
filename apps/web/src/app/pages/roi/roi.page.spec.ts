import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { RoiForecast, RoiScenario } from '@apex/contracts';
import { RoiPage } from './roi.page';

const API = '/api/v1/roi';

const computed = (includes: RoiScenario['includes'], savings: [string, string, string], roi: [string, string, string], days: [string | null, string | null, string | null], message: string): RoiScenario => ({
  includes,
  status: 'computed',
  monthlySavings: { low: savings[0], expected: savings[1], high: savings[2] },
  roiPercent: { low: roi[0], expected: roi[1], high: roi[2] },
  breakevenDays: { low: days[0], expected: days[1], high: days[2] },
  message,
});

/** Early: $1,050 of AI spend, one verified proof at $300 a month, $150–$370 of potential; the API's figures as it computes them. */
const READY: RoiForecast = {
  status: 'ready',
  message: 'Based on your usage, Apex will save you $560.00 a month ($450.00–$670.00).',
  currency: 'USD',
  spend: { from: '2026-11-01', to: '2026-12-01', measured: '1050.00', rowCount: 30, spendScale: '1', scaled: '1050.00' },
  fee: {
    status: 'charged',
    tier: 'early',
    rule: 'flat_or_percent',
    monthly: '21.00',
    appliedRule: 'percent_of_spend',
    description: '2% of $1,050.00 measured AI spend (30 cost rows), less than the $99.00 flat price',
  },
  verified: {
    kind: 'verified',
    status: 'verified',
    proofCount: 1,
    measuredSavings: '140.00',
    monthly: '300.00',
    message: 'Verified by 1 proof: $140.00 saved over its reporting period, a rate of $300.00 a month.',
  },
  potential: {
    kind: 'potential',
    status: 'potential',
    recommendationCount: 2,
    byStatus: [],
    monthly: { low: '150.00', expected: '260.00', high: '370.00' },
    message: 'Potential, not yet a saving: 2 open or accepted recommendations expect $260.00 a month ($150.00–$370.00).',
  },
  forecast: { low: '450.00', expected: '560.00', high: '670.00' },
  scenarios: {
    verified: computed('verified', ['300.00', '300.00', '300.00'], ['1328.6', '1328.6', '1328.6'], ['2.1', '2.1', '2.1'], 'ROI on verified savings: 1328.6%; the $21.00 monthly fee is earned back in 2.1 days.'),
    verifiedAndPotential: computed(
      'verified_and_potential',
      ['450.00', '560.00', '670.00'],
      ['2042.9', '2566.7', '3090.5'],
      ['1.4', '1.1', '0.9'],
      'ROI on verified and potential savings: 2566.7% (2042.9% to 3090.5%); the $21.00 monthly fee is earned back in 1.1 days.',
    ),
  },
  otherCurrencies: [{ currency: 'EUR', verifiedMonthly: null, potentialMonthly: { low: '10.00', expected: '20.00', high: '30.00' } }],
  method: ['Verified: each verified proof’s savings ÷ its reporting days × 30, to the cent, summed.'],
};

const FREE_MESSAGE = 'On the Free plan Apex charges no fee, so ROI, (savings − fee) ÷ fee, is undefined: there is nothing to divide by, and no fee to earn back.';

/** Free, no proof: nothing verified yet; the potential alone, and no ROI. */
const FREE: RoiForecast = {
  ...READY,
  message: 'Based on your usage, Apex will save you $200.00 a month ($100.00–$300.00).',
  fee: { status: 'free', tier: 'free', rule: 'free', monthly: '0.00', appliedRule: 'free', description: 'Free plan: no charge' },
  verified: {
    kind: 'verified',
    status: 'nothing_verified',
    proofCount: 0,
    measuredSavings: null,
    monthly: null,
    message: 'Nothing verified yet: no proof has verified a saving. A proof measures an implemented recommendation against its baseline.',
  },
  potential: { ...READY.potential!, recommendationCount: 1, monthly: { low: '100.00', expected: '200.00', high: '300.00' } },
  forecast: { low: '100.00', expected: '200.00', high: '300.00' },
  scenarios: {
    verified: {
      includes: 'verified',
      status: 'no_savings',
      monthlySavings: null,
      roiPercent: null,
      breakevenDays: null,
      message: 'Nothing verified yet: the ROI on verified savings appears once a proof has verified a saving.',
    },
    verifiedAndPotential: {
      includes: 'verified_and_potential',
      status: 'free',
      monthlySavings: { low: '100.00', expected: '200.00', high: '300.00' },
      roiPercent: null,
      breakevenDays: null,
      message: FREE_MESSAGE,
    },
  },
  otherCurrencies: [],
};

const NO_DATA: RoiForecast = {
  status: 'no_cost_data',
  message: 'Your organisation has no cost data yet, and the ROI is worked out from your measured AI spend: connect a cloud or AI provider account, or upload a FOCUS file.',
  currency: 'USD',
  spend: null,
  fee: null,
  verified: null,
  potential: null,
  forecast: null,
  scenarios: null,
  otherCurrencies: [],
  method: [],
};

describe('RoiPage', () => {
  let fixture: ComponentFixture<RoiPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [RoiPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RoiPage);
    fixture.detectChanges();
  });
  afterEach(() => http.verify());

  const settle = () => TestBed.inject(ApplicationRef).whenStable();
  const page = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const words = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const text = (testId: string, within: ParentNode = page()) => words(within.querySelector(`[data-testid="${testId}"]`));
  /** The texts of an element's headings, tags and paragraphs, in order. */
  const lines = (testId: string) => Array.from(page().querySelectorAll(`[data-testid="${testId}"] :is(h2, .tag, p)`)).map(words);
  const scenario = (includes: string) => page().querySelector(`[data-testid="roi-scenario-${includes}"]`)!;

  async function answer(forecast: RoiForecast, url = API): Promise<void> {
    await settle();
    http.expectOne(url).flush(forecast);
    await settle();
  }

  it('says what Apex will save a month, its range, and labels the verified and the potential parts', async () => {
    await answer(READY);
    expect(text('roi-headline')).toContain('Based on your usage, Apex will save you');
    expect(text('roi-forecast')).toBe('$560.00 a month');
    expect(text('roi-range')).toBe('Between $450.00 and $670.00 a month');
    expect(lines('roi-verified')).toEqual(['Verified', '$300.00 a month', 'Verified by 1 proof: $140.00 saved over its reporting period, a rate of $300.00 a month.']);
    expect(lines('roi-potential')).toEqual([
      'Potential',
      '$260.00 a month expected',
      'Potential, not yet a saving: 2 open or accepted recommendations expect $260.00 a month ($150.00–$370.00).',
    ]);
  });

  it('shows ROI and breakeven for the verified savings alone and with the potential, beside the fee and the spend it is priced on', async () => {
    await answer(READY);
    expect(text('scenario-savings', scenario('verified'))).toBe('$300.00');
    expect(text('scenario-roi', scenario('verified'))).toBe('1,328.6%');
    expect(text('scenario-breakeven', scenario('verified'))).toBe('2.1 days');
    expect(text('scenario-savings', scenario('verified_and_potential'))).toBe('$560.00 ($450.00–$670.00)');
    expect(text('scenario-roi', scenario('verified_and_potential'))).toBe('2,566.7% (2,042.9% to 3,090.5%)');
    // The high savings pay the fee back soonest.
    expect(text('scenario-breakeven', scenario('verified_and_potential'))).toBe('1.1 days (0.9 days to 1.4 days)');
    expect(lines('roi-fee').slice(0, 3)).toEqual(["Apex's fee", '$21.00 a month', '2% of $1,050.00 measured AI spend (30 cost rows), less than the $99.00 flat price']);
    expect(text('roi-spend')).toBe('Measured AI spend $1,050.00 from 1 Nov 2026 – 30 Nov 2026 (30 cost rows).');
    expect(text('roi-other-currencies')).toContain('EUR: verified nothing yet; potential €20.00 a month expected');
    expect(text('roi-method')).toContain('savings ÷ its reporting days × 30');
  });

  it('on Free, says plainly that ROI is undefined, and that nothing is verified yet', async () => {
    await answer(FREE);
    expect(text('roi-verified')).toContain('Nothing verified yet');
    expect(text('scenario-message', scenario('verified'))).toBe('Nothing verified yet: the ROI on verified savings appears once a proof has verified a saving.');
    expect(scenario('verified').querySelector('[data-testid="scenario-roi"]')).toBeNull();
    expect(scenario('verified_and_potential').querySelector('[data-testid="scenario-roi"]')).toBeNull();
    expect(text('scenario-message', scenario('verified_and_potential'))).toBe(FREE_MESSAGE);
    expect(lines('roi-fee')[1]).toBe('No fee: $0.00 a month on the Free plan');
  });

  it('without cost data shows no figure and leads to uploading or connecting it', async () => {
    await answer(NO_DATA);
    expect(text('roi-empty-state')).toContain('No cost data yet');
    expect(page().querySelector('[data-testid="roi-empty-state"] a')?.getAttribute('href')).toBe('/app/value');
    for (const figure of ['roi-headline', 'roi-forecast', 'roi-fee', 'roi-scenario-verified', 'roi-what-if']) {
      expect(page().querySelector(`[data-testid="${figure}"]`)).toBeNull();
    }
    expect(page().textContent).not.toMatch(/\$\d/);
  });

  it('asks again with the spend scaled, by a preset or a factor of your own, and refuses one the API would not take', async () => {
    await answer(READY);
    const preset = Array.from(page().querySelectorAll<HTMLButtonElement>('mat-button-toggle button')).find((b) => words(b) === '2×')!;
    preset.click();
    const scaledForecast: RoiForecast = {
      ...READY,
      message: 'At 2× your AI spend, Apex would save you $1,120.00 a month ($900.00–$1,340.00).',
      spend: { ...READY.spend!, spendScale: '2', scaled: '2100.00' },
      forecast: { low: '900.00', expected: '1120.00', high: '1340.00' },
    };
    await answer(scaledForecast, `${API}?spendScale=2`);
    expect(text('roi-headline')).toContain('At 2× your AI spend, Apex would save you');
    expect(text('roi-forecast')).toBe('$1,120.00 a month');
    expect(text('roi-spend')).toBe('Measured AI spend $1,050.00 from 1 Nov 2026 – 30 Nov 2026 (30 cost rows), scaled ×2 to $2,100.00.');

    const input = page().querySelector<HTMLInputElement>('[data-testid="roi-scale-input"]')!;
    const submit = () => page().querySelector<HTMLFormElement>('form.custom')!.dispatchEvent(new Event('submit'));
    for (const bad of ['11', '0.05', 'lots', '1e1']) {
      input.value = bad;
      input.dispatchEvent(new Event('input'));
      submit();
      await settle();
      expect(text('roi-scale-error')).toBe('Enter a number from 0.1 to 10, such as 1.5.');
    }
    http.expectNone(() => true);

    input.value = '1.5';
    input.dispatchEvent(new Event('input'));
    submit();
    await answer({ ...READY, spend: { ...READY.spend!, spendScale: '1.5', scaled: '1575.00' } }, `${API}?spendScale=1.5`);
    expect(page().querySelector('[data-testid="roi-scale-error"]')).toBeNull();
  });
});
