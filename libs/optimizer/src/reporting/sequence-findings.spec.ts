import type { RecommendationKind } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import type { Finding } from '../findings/finding';
import { sequenceFindings, totalsByCurrency } from './sequence-findings';

/** A cloud finding on Virtual Machines (or another service) with its figures as if it were alone. */
function cloudFinding(kind: RecommendationKind, savings: [string, string, string], options: { service?: string; resource?: string | null; base?: string } = {}): Finding {
  const [low, expected, high] = savings;
  return {
    agent: 'cloud',
    kind,
    fingerprint: `${kind}:USD:Example Provider:${options.resource ?? options.service ?? 'Virtual Machines'}`,
    title: kind,
    steps: [],
    docUrl: 'https://www.finops.org/framework/capabilities/rate-optimization/',
    scope: { provider: 'Example Provider', service: options.service ?? 'Virtual Machines', model: null, resource: options.resource ?? null },
    evidence: { filters: [], rowCount: 0, amount: '0', sha256: '' },
    priceBookVersion: 1,
    currency: 'USD',
    baseMonthlySpend: options.base ?? '200',
    monthlySavings: { low, expected, high },
    scenarios: [{ sharePercent: 100, monthlySavings: high }],
    assumptions: [],
    effort: 'low',
    risk: 'low',
    caveat: null,
  };
}

describe('cloud findings in the sequence', () => {
  it('apply on one service in order (idle resource, unused commitment, coverage), each on what the ones before it leave', () => {
    // Alone they would take 60 + 150 + 120 = 330 of a 200 a month service; in sequence (expected world):
    //   idle       60 / 200 = 0.3 of 200                 = 60,   leaving 140
    //   unused    150 / 200 = 0.75 of 140                = 105,  leaving 35
    //   coverage  120 / 200 = 0.6 of 35                  = 21,   leaving 14
    const sequenced = sequenceFindings(
      [
        cloudFinding('commitment_coverage', ['80', '120', '150']),
        cloudFinding('unused_commitment', ['0', '150', '160']),
        cloudFinding('idle_resource', ['60', '60', '60'], { resource: 'disk-1' }),
      ],
      () => true,
    );
    expect(sequenced.map((s) => [s.finding.kind, s.worlds.expected.toString()])).toEqual([
      ['idle_resource', '60'],
      ['unused_commitment', '105'],
      ['commitment_coverage', '21'],
    ]);
    for (const world of ['low', 'expected', 'high'] as const) {
      const total = Decimal.sum(sequenced.map((s) => s.worlds[world]));
      expect(total.lte('200')).toBe(true);
      expect(totalsByCurrency(sequenced, world)).toEqual([{ currency: 'USD', amount: total.toString() }]);
    }
    // The coverage finding's own figures are scaled to the 35 of 200 it was left.
    expect(sequenced[2].finding.monthlySavings).toEqual({ low: '14', expected: '21', high: '26.25' });
  });

  it('never take more than the spend, whatever the findings claim, and keep other services and models apart', () => {
    const claims: Array<[string, string, string]> = [
      ['150', '199', '250'],
      ['0', '250', '400'],
      ['10', '20', '30'],
    ];
    const findings = [
      ...claims.map((savings, i) => cloudFinding((['idle_resource', 'unused_commitment', 'commitment_coverage'] as const)[i], savings, { resource: i === 0 ? 'vm-1' : null })),
      cloudFinding('idle_resource', ['5', '5', '5'], { service: 'Block Storage', resource: 'disk-1', base: '5' }),
    ];
    const sequenced = sequenceFindings(findings, () => true);
    const byService = (service: string, world: 'low' | 'expected' | 'high') =>
      Decimal.sum(sequenced.filter((s) => s.finding.scope.service === service).map((s) => s.worlds[world]));
    for (const world of ['low', 'expected', 'high'] as const) {
      expect(byService('Virtual Machines', world).lte('200')).toBe(true);
      expect(byService('Block Storage', world).toString()).toBe('5');
    }
  });
});
