import type { LockedFindings } from '@apex/contracts';
import { defaultScenario, formatAmounts, lockedLine, scenarioCondition, upgradeLink } from './report-format';

const early = { tier: 'early' as const, name: 'Early', runLimit: 100, windowSeconds: 18000 };
const flat = { rule: 'flat_or_percent' as const, flatMonthlyCents: 9900, percentOfSpend: '2.00', contractPercentMin: null, contractPercentMax: null };
const locked = (overrides: Partial<LockedFindings> = {}): LockedFindings => ({
  tier: 'early',
  feature: 'advanced_optimization',
  findingCount: 2,
  upTo: [{ currency: 'USD', monthlySavings: '412.5' }],
  upgrade: { ...early, pricing: flat },
  ...overrides,
});

describe('run report formats', () => {
  it('lists amounts each in its own currency', () => {
    expect(formatAmounts([{ currency: 'USD', amount: '187.5' }, { currency: 'EUR', amount: '12' }])).toBe('$187.50 and €12.00');
    expect(formatAmounts([])).toBe('');
  });

  it('says what a higher plan adds as a potential, never as a saving', () => {
    expect(lockedLine(locked())).toBe('2 more findings, up to $412.50 a month in potential savings, on Early.');
    expect(lockedLine(locked({ findingCount: 1, upTo: [], upgrade: null }))).toBe('1 more finding on Early.');
  });

  it('sends self-serve upgrades to checkout and the rest to the plans page', () => {
    expect(upgradeLink(locked().upgrade)).toBe('/app/upgrade');
    expect(upgradeLink({ ...early, tier: 'enterprise', pricing: { ...flat, rule: 'contract' } })).toBe('/plans');
    expect(upgradeLink(null)).toBe('/plans');
  });

  it('starts the scenario control at the scenario nearest the expected figure', () => {
    const scenarios = [
      { sharePercent: 20, monthlySavings: '40' },
      { sharePercent: 50, monthlySavings: '100.000001' },
      { sharePercent: 80, monthlySavings: '160' },
    ];
    expect(defaultScenario({ scenarios, monthlySavings: { low: '40', expected: '100', high: '160' } })?.sharePercent).toBe(50);
    expect(defaultScenario({ scenarios: [], monthlySavings: { low: '0', expected: '0', high: '0' } })).toBeNull();
  });

  it('names what the share is a share of', () => {
    expect(scenarioCondition('batch', 50)).toBe('If 50 % of the requests can wait for a batch');
    expect(scenarioCondition('idle_resource', 20)).toBe('If 20 % of the traffic qualifies');
  });
});
