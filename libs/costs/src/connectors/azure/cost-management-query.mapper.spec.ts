import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sumDecimals } from '../shared/decimal';
import { isJsonObject, JsonValue, parseJsonKeepingNumbers } from '../shared/lossless-json';
import { mapCostManagementQuery } from './cost-management-query.mapper';

function sampleProperties(name: string): JsonValue {
  const sample = parseJsonKeepingNumbers(readFileSync(join(__dirname, '../../../fixtures/azure', name), 'utf8'));
  const body = isJsonObject(sample) && isJsonObject(sample['responses']) && isJsonObject(sample['responses']['200']) ? sample['responses']['200']['body'] : null;
  return isJsonObject(body) ? body['properties'] : null;
}

const scope = 'providers/Microsoft.Billing/billingAccounts/70664866';

describe('Cost Management query results as canonical rows', () => {
  it('maps the daily query sample: the exact JSON amounts, UsageDate 20180331 as one UTC day, the billing account', () => {
    const rows = mapCostManagementQuery(sampleProperties('azure-rest-api-specs__BillingAccountQuery.json'), {
      period: { start: '2018-03-01', end: '2018-04-01' },
      scope,
    });

    expect(rows).toHaveLength(4);
    expect(rows.map((row) => row.billedCost)).toEqual(['19.545363672276512', '173.41979241290323', '20.35941656262545', '0.16677720329728665']);
    expect(sumDecimals(rows.map((row) => row.billedCost))).toBe('213.49134985110247865');
    expect(sumDecimals(rows.map((row) => row.effectiveCost))).toBe('213.49134985110247865');
    for (const row of rows) {
      expect(row).toMatchObject({
        chargePeriodStart: '2018-03-31T00:00:00.000Z',
        chargePeriodEnd: '2018-04-01T00:00:00.000Z',
        billingCurrency: 'USD',
        billingAccountId: '70664866',
        providerName: 'Microsoft',
        chargeCategory: 'Usage',
        isAi: false,
      });
    }
    expect(rows.map((row) => row.sourceRow)).toEqual([1, 2, 3, 4]);
  });

  it('maps the grouping sample, which has no date column, to the period asked for', () => {
    const rows = mapCostManagementQuery(sampleProperties('azure-rest-api-specs__BillingAccountQueryGrouping.json'), {
      period: { start: '2018-02-01', end: '2018-03-01' },
      scope,
    });

    expect(sumDecimals(rows.map((row) => row.billedCost))).toBe('213.324572647805192');
    expect(rows[0]).toMatchObject({ chargePeriodStart: '2018-02-01T00:00:00.000Z', chargePeriodEnd: '2018-03-01T00:00:00.000Z' });
  });

  it('reads service and meter, marks Azure OpenAI as AI spend and a subscription scope as the sub account', () => {
    const rows = mapCostManagementQuery(
      parseJsonKeepingNumbers(`{
        "columns": [{"name":"Cost","type":"Number"},{"name":"UsageDate","type":"Number"},{"name":"ServiceName","type":"String"},{"name":"Meter","type":"String"},{"name":"Currency","type":"String"}],
        "rows": [[1.5e-7, 20250302, "Azure OpenAI", "gpt-4o-mini-0718-Inp-glbl Tokens", "EUR"], [4.10, 20250302, "Virtual Machines", "D2s v5", "EUR"]]
      }`),
      { period: { start: '2025-03-01', end: '2025-03-08' }, scope: 'subscriptions/00000000-0000-0000-0000-000000000001' },
    );

    expect(rows).toEqual([
      expect.objectContaining({
        billedCost: '0.00000015',
        serviceName: 'Azure OpenAI',
        chargeDescription: 'gpt-4o-mini-0718-Inp-glbl Tokens',
        billingCurrency: 'EUR',
        subAccountId: '00000000-0000-0000-0000-000000000001',
        isAi: true,
      }),
      expect.objectContaining({ billedCost: '4.10', serviceName: 'Virtual Machines', isAi: false }),
    ]);
  });

  it('reads unused reservations and savings plans as unused commitments, and a PricingModel column as the pricing category', () => {
    const rows = mapCostManagementQuery(
      parseJsonKeepingNumbers(`{
        "columns": [{"name":"Cost"},{"name":"UsageDate"},{"name":"ServiceName"},{"name":"ChargeType"},{"name":"PricingModel"},{"name":"ReservationId"},{"name":"Currency"}],
        "rows": [
          [0.70, 20250302, "Virtual Machines", "UnusedReservation", "Reservation", "f39d1c73-af74-4308-9083-fbf5efab37d1", "USD"],
          [1.20, 20250302, "Virtual Machines", "UnusedSavingsPlan", "SavingsPlan", "", "USD"],
          [2.40, 20250302, "Virtual Machines", "Usage", "Reservation", "f39d1c73-af74-4308-9083-fbf5efab37d1", "USD"],
          [3.10, 20250302, "Virtual Machines", "Usage", "OnDemand", "", "USD"],
          [0.05, 20250302, "Virtual Machines", "Usage", "Spot", "", "USD"],
          [9.99, 20250302, "Support", "Purchase", "", "", "USD"]
        ]
      }`),
      { period: { start: '2025-03-01', end: '2025-03-08' }, scope },
    );
    const pricing = rows.map(({ chargeCategory, pricingCategory, commitmentDiscountId, commitmentDiscountType, commitmentDiscountStatus }) => ({
      chargeCategory, pricingCategory, commitmentDiscountId, commitmentDiscountType, commitmentDiscountStatus,
    }));
    expect(pricing).toEqual([
      { chargeCategory: 'Usage', pricingCategory: 'Committed', commitmentDiscountId: 'f39d1c73-af74-4308-9083-fbf5efab37d1', commitmentDiscountType: 'Reservation', commitmentDiscountStatus: 'Unused' },
      { chargeCategory: 'Usage', pricingCategory: 'Committed', commitmentDiscountId: null, commitmentDiscountType: 'Savings Plan', commitmentDiscountStatus: 'Unused' },
      { chargeCategory: 'Usage', pricingCategory: 'Committed', commitmentDiscountId: 'f39d1c73-af74-4308-9083-fbf5efab37d1', commitmentDiscountType: 'Reservation', commitmentDiscountStatus: null },
      { chargeCategory: 'Usage', pricingCategory: 'Standard', commitmentDiscountId: null, commitmentDiscountType: null, commitmentDiscountStatus: null },
      { chargeCategory: 'Usage', pricingCategory: 'Dynamic', commitmentDiscountId: null, commitmentDiscountType: null, commitmentDiscountStatus: null },
      { chargeCategory: 'Purchase', pricingCategory: null, commitmentDiscountId: null, commitmentDiscountType: null, commitmentDiscountStatus: null },
    ]);
  });

  it('rejects a result without a cost column', () => {
    expect(() =>
      mapCostManagementQuery(parseJsonKeepingNumbers('{"columns":[{"name":"UsageDate"}],"rows":[[20250301]]}'), {
        period: { start: '2025-03-01', end: '2025-03-02' },
        scope,
      }),
    ).toThrow(/no cost column/);
  });
});
