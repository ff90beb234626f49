import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SavingsSummary } from '@apex/contracts';
import { SavingsPanel } from './savings-panel';

const SUMMARY: SavingsSummary = {
  currencies: [
    {
      currency: 'USD',
      verified: {
        amount: '200',
        items: [
          { proofId: 'proof_a', recommendationId: 'rec_a', title: 'Cache gpt-4o prompts', currency: 'USD', amount: '140.25', reportingEndsOn: '2026-10-14', link: '/app/proofs/proof_a' },
          { proofId: 'proof_b', recommendationId: 'rec_b', title: 'Batch the nightly jobs', currency: 'USD', amount: '59.75', reportingEndsOn: '2026-11-03', link: '/app/proofs/proof_b' },
        ],
      },
      measuring: {
        amount: '33.5',
        items: [
          { proofId: 'proof_d', recommendationId: 'rec_d', title: 'Move to gpt-4o-mini', interim: '33.5', days: 5, implementedOn: '2026-11-20', reportingEndsOn: '2026-12-03', link: '/app/proofs/proof_d' },
          { proofId: 'proof_e', recommendationId: 'rec_e', title: 'Retire gpt-4-0613', interim: null, days: 0, implementedOn: '2026-11-28', reportingEndsOn: '2026-12-11', link: '/app/proofs/proof_e' },
        ],
      },
      potential: {
        monthlyAmount: '260',
        items: [
          { recommendationId: 'rec_o', title: 'Use the Batch API', status: 'open', monthlyExpected: '200', link: '/app/runs/run_2' },
          { recommendationId: 'rec_p', title: 'Flex tier', status: 'accepted', monthlyExpected: '60', link: '/app/runs/run_2' },
        ],
      },
    },
  ],
};

describe('SavingsPanel', () => {
  let fixture: ComponentFixture<SavingsPanel>;
  let http: HttpTestingController;

  async function show(summary: SavingsSummary): Promise<HTMLElement> {
    TestBed.configureTestingModule({ imports: [SavingsPanel], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    fixture = TestBed.createComponent(SavingsPanel);
    http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne('/api/v1/savings').flush(summary);
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => http.verify());

  const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const items = (root: Element) => Array.from(root.querySelectorAll('li'), (li) => text(li));
  const links = (root: Element) => Array.from(root.querySelectorAll('a'), (a) => a.getAttribute('href'));

  it('shows verified savings, what is being measured and the potential, each labelled and opening into its list', async () => {
    const el = await show(SUMMARY);
    const verified = el.querySelector('[data-testid="savings-verified"]')!;
    const measuring = el.querySelector('[data-testid="savings-measuring"]')!;
    const potential = el.querySelector('[data-testid="savings-potential"]')!;
    const summary = (figure: Element) => Array.from(figure.querySelectorAll('summary span'), (span) => text(span));
    expect(summary(verified)).toEqual(['Verified savings to date', '$200.00']);
    expect(summary(measuring)).toEqual(['Being measured', '$33.50', 'so far, measuring — not yet a saving']);
    expect(summary(potential)).toEqual(['Potential', '$260.00', 'a month, expected from open recommendations — potential']);

    expect(items(verified)).toEqual(['Cache gpt-4o prompts: $140.25, verified for the period to 14 Oct 2026', 'Batch the nightly jobs: $59.75, verified for the period to 3 Nov 2026']);
    expect(links(verified)).toEqual(['/app/proofs/proof_a', '/app/proofs/proof_b']);
    expect(items(measuring)).toEqual(['Move to gpt-4o-mini: $33.50 measuring over 5 days', 'Retire gpt-4-0613: measuring from 28 Nov 2026, no reading yet']);
    expect(items(potential)).toEqual(['Use the Batch API: $200.00 a month (open)', 'Flex tier: $60.00 a month (accepted)']);
    expect(links(potential)).toEqual(['/app/runs/run_2', '/app/runs/run_2']);
    // The measuring and potential figures are never called saved.
    expect(text(measuring)).not.toMatch(/saved|verified/i);
    expect(text(potential)).not.toMatch(/saved|verified/i);
  });

  it('says nothing is proven yet, with no number, when there is nothing to show', async () => {
    const el = await show({ currencies: [] });
    expect(text(el.querySelector('.headline'))).toBe('Nothing is proven yet');
    expect(el.textContent).not.toMatch(/\d/);
  });

  it('opens the breakdown by recommendation and month on Mid', async () => {
    const el = await show(SUMMARY);
    Array.from(el.querySelectorAll('button')).find((b) => text(b) === 'View savings → Unlock detailed analytics')!.click();
    http.expectOne('/api/v1/savings/breakdown').flush({
      byRecommendation: SUMMARY.currencies[0].verified.items,
      byMonth: [
        { month: '2026-10', currency: 'USD', amount: '140.25', proofIds: ['proof_a'] },
        { month: '2026-11', currency: 'USD', amount: '59.75', proofIds: ['proof_b'] },
      ],
    });
    fixture.detectChanges();
    expect(items(el.querySelector('[data-testid="savings-by-recommendation"]')!)).toEqual(['Cache gpt-4o prompts: $140.25', 'Batch the nightly jobs: $59.75']);
    expect(items(el.querySelector('[data-testid="savings-by-month"]')!)).toEqual(['2026-10: $140.25', '2026-11: $59.75']);
  });

  it('says in place that the breakdown is part of Mid when the plan refuses it', async () => {
    const el = await show(SUMMARY);
    Array.from(el.querySelectorAll('button')).find((b) => text(b) === 'View savings → Unlock detailed analytics')!.click();
    http.expectOne('/api/v1/savings/breakdown').flush(
      {
        type: 'https://apex.dev/problems/feature-gated',
        title: 'Your plan does not include this feature',
        status: 403,
        feature: 'advanced_analytics',
        requiredTier: 'mid',
        upgrade: { tier: 'mid', name: 'Mid', runLimit: 1000, windowSeconds: 18000, pricing: { rule: 'flat_or_percent', flatMonthly: '499.00', percentOfSpend: '5.00' } },
      },
      { status: 403, statusText: 'Forbidden' },
    );
    fixture.detectChanges();
    expect(text(el.querySelector('[data-testid="savings-locked"]'))).toMatch(/^Advanced analytics is part of Mid.* See plans$/);
    expect(el.querySelector('[data-testid="savings-by-month"]')).toBeNull();
  });
});
