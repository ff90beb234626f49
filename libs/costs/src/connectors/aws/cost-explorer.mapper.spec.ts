import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GetCostAndUsageResponse } from '@aws-sdk/client-cost-explorer';
import { sumDecimals } from '../shared/decimal';
import { mapCostAndUsage } from './cost-explorer.mapper';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../../fixtures/aws', name), 'utf8'));

describe('Cost Explorer results as canonical rows', () => {
  it('maps the aws-cli example (SERVICE + TAG groups) with its exact amounts, service and tag', () => {
    const rows = mapCostAndUsage(fixture('ce_get_cost_and_usage__awscli_example_service_tag.json') as GetCostAndUsageResponse);

    expect(rows).toHaveLength(2);
    expect(sumDecimals(rows.map((row) => row.billedCost))).toBe('40.6226137778');
    expect(rows.map((row) => row.billedCost)).toEqual(['40.3543773134', '0.2682364644']);
    expect(rows[0]).toMatchObject({
      sourceRow: 1,
      providerName: 'AWS',
      serviceName: 'Amazon Simple Storage Service',
      chargePeriodStart: '2017-09-01T00:00:00.000Z',
      chargePeriodEnd: '2017-10-01T00:00:00.000Z',
      chargeCategory: 'Usage',
      billingCurrency: 'USD',
      effectiveCost: '40.3543773134',
      consumedQuantity: '9312771.098461578',
      consumedUnit: null,
      tags: null,
      isAi: false,
    });
    expect(rows[1]).toMatchObject({ sourceRow: 2, tags: { Environment: 'Dev' }, consumedQuantity: '22403.4395271182' });
  });

  it('maps a result without groups from its Total (the moto sample)', () => {
    const [result] = fixture('moto__ce_cost_and_usage_static_results.json').results;
    const rows = mapCostAndUsage(result as GetCostAndUsageResponse);

    expect(rows).toEqual([
      expect.objectContaining({
        billedCost: '0.0101516483',
        effectiveCost: '0.0101516483',
        chargePeriodStart: '2024-01-01T00:00:00.000Z',
        chargePeriodEnd: '2024-01-02T00:00:00.000Z',
      }),
    ]);
  });

  it('marks Bedrock and SageMaker as AI spend, keeps amortized cost as the effective cost and reads usage types', () => {
    const group = (service: string, usageType: string, unblended: string, amortized: string) => ({
      Keys: [service, usageType],
      Metrics: {
        UnblendedCost: { Amount: unblended, Unit: 'USD' },
        AmortizedCost: { Amount: amortized, Unit: 'USD' },
        UsageQuantity: { Amount: '1200', Unit: 'Hrs' },
      },
    });
    const rows = mapCostAndUsage({
      GroupDefinitions: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
      ],
      ResultsByTime: [
        {
          TimePeriod: { Start: '2025-03-01', End: '2025-03-02' },
          Groups: [
            group('Amazon Bedrock', 'USE1-Claude3Haiku-input-tokens', '12.000001', '12.000001'),
            group('Amazon SageMaker', 'USE1-ml.g5.xlarge-hosting', '30.10', '21.5'),
            group('Amazon Elastic Compute Cloud - Compute', 'USE1-BoxUsage:m5.large', '9.6', '9.6'),
            group('Tax', 'Tax', '1.2', '1.2'),
          ],
        },
      ],
    });

    expect(rows.map((row) => [row.serviceName, row.isAi, row.chargeCategory])).toEqual([
      ['Amazon Bedrock', true, 'Usage'],
      ['Amazon SageMaker', true, 'Usage'],
      ['Amazon Elastic Compute Cloud - Compute', false, 'Usage'],
      ['Tax', false, 'Tax'],
    ]);
    expect(rows[1]).toMatchObject({
      billedCost: '30.10',
      effectiveCost: '21.5',
      chargeDescription: 'USE1-ml.g5.xlarge-hosting',
      consumedQuantity: '1200',
      consumedUnit: 'Hrs',
    });
  });

  it('rejects a group without any cost metric instead of inventing a zero', () => {
    expect(() =>
      mapCostAndUsage({
        ResultsByTime: [{ TimePeriod: { Start: '2025-03-01', End: '2025-03-02' }, Groups: [{ Keys: ['x'], Metrics: {} }] }],
      }),
    ).toThrow(/without a cost metric/);
  });
});
