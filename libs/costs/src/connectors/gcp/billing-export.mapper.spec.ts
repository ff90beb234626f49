import { sumDecimals } from '../shared/decimal';
import { parseJsonKeepingNumbers } from '../shared/lossless-json';
import { mapBillingExportRow, mapFocusViewRow } from './billing-export.mapper';
import { kokuExportRows } from './koku-export-sample';

describe('Cloud Billing export rows as canonical rows', () => {
  it('maps the 2020-11 sample: exact costs, credits lowering the effective cost only, labels as tags', () => {
    const sample = kokuExportRows('koku__gcp_billing_export_2020-11.csv');
    const rows = sample.map((row, index) => mapBillingExportRow(row, index + 1));

    expect(rows).toHaveLength(25);
    expect(sumDecimals(rows.map((row) => row.billedCost))).toBe('0.000032');
    expect(sumDecimals(rows.map((row) => row.effectiveCost))).toBe('0.000000');
    expect(rows[0]).toMatchObject({
      sourceRow: 1,
      billingAccountId: '000000-B0BBA4-940A77',
      subAccountId: 'billing-example-00000',
      subAccountName: 'cloud-billing',
      serviceName: 'Security Command Center',
      chargeDescription: 'Event Threat Detection Log Ingest Bytes',
      skuId: 'D5A4-0C3E-4DA4',
      chargePeriodStart: '2020-11-09T23:00:00.000Z',
      chargePeriodEnd: '2020-11-10T00:00:00.000Z',
      billingPeriodStart: '2020-11-01T07:00:00.000Z',
      billingPeriodEnd: '2020-12-01T08:00:00.000Z',
      chargeCategory: 'Usage',
      billedCost: '0.000005',
      effectiveCost: '0.000000',
      billingCurrency: 'USD',
      providerName: 'Google Cloud',
      regionId: 'global',
      consumedQuantity: '24909.0',
      consumedUnit: 'bytes',
      pricingQuantity: '0.000023198314011096954',
      pricingUnit: 'gibibyte',
      tags: null,
      isAi: false,
    });
    expect(rows[3].tags).toEqual({ 'goog-resource-type': 'bigquery_resource' });
  });

  it('maps the 2022-08 sample with its resource names and region', () => {
    const rows = kokuExportRows('koku__gcp_billing_export_2022-08.csv').map((row, index) => mapBillingExportRow(row, index + 1));

    expect(rows).toHaveLength(9);
    expect(sumDecimals(rows.map((row) => row.billedCost))).toBe('0.000012');
    expect(sumDecimals(rows.map((row) => row.effectiveCost))).toBe('0.000012');
    expect(rows[0]).toMatchObject({ serviceName: 'Compute Engine', resourceName: 'instance-1', resourceId: '//example', regionId: 'us-central1' });
  });

  it('marks Vertex AI rows as AI spend', () => {
    const [row] = kokuExportRows('koku__gcp_billing_export_2022-08.csv');
    const vertex = mapBillingExportRow({ ...row, service: { id: 'C7E2-9256-1C43', description: 'Vertex AI' } }, 1);

    expect(vertex.isAi).toBe(true);
  });

  it('maps a FOCUS view row by its column names', () => {
    const row = mapFocusViewRow(
      parseJsonKeepingNumbers(`{
        "BilledCost": 12.345678901234567, "EffectiveCost": 10.5, "ListCost": 13, "BillingCurrency": "USD",
        "ChargePeriodStart": "2025-03-01T00:00:00Z", "ChargePeriodEnd": "2025-03-02T00:00:00Z",
        "BillingPeriodStart": "2025-03-01T08:00:00Z", "BillingPeriodEnd": "2025-04-01T07:00:00Z",
        "ChargeCategory": "Usage", "ProviderName": "Google Cloud", "ServiceName": "Vertex AI",
        "ServiceCategory": "AI and Machine Learning", "SubAccountId": "proj-1", "ConsumedQuantity": 1.5e3,
        "Tags": [{"key": "team", "value": "search"}]
      }`),
      1,
    );

    expect(row).toMatchObject({
      billedCost: '12.345678901234567',
      effectiveCost: '10.5',
      listCost: '13',
      consumedQuantity: '1500',
      serviceCategory: 'AI and Machine Learning',
      subAccountId: 'proj-1',
      tags: { team: 'search' },
      isAi: true,
    });
  });

  it('keeps a FOCUS view row\'s pricing and commitment columns, in FOCUS\'s spelling, and leaves a value FOCUS does not allow empty', () => {
    const focusRow = (pricing: string) =>
      mapFocusViewRow(
        parseJsonKeepingNumbers(`{
          "BilledCost": 0, "EffectiveCost": 4.2, "ListCost": 6, "BillingCurrency": "USD",
          "ChargePeriodStart": "2025-03-01T00:00:00Z", "ChargePeriodEnd": "2025-03-02T00:00:00Z",
          "ChargeCategory": "Usage", "ProviderName": "Google Cloud", "ServiceName": "Compute Engine", "ServiceCategory": "Compute",
          ${pricing}
        }`),
        1,
      );
    expect(
      focusRow('"PricingCategory": "committed", "CommitmentDiscountId": "commitment-1", "CommitmentDiscountType": "Committed use discount", "CommitmentDiscountCategory": "Usage", "CommitmentDiscountStatus": "Used"'),
    ).toMatchObject({
      pricingCategory: 'Committed',
      commitmentDiscountId: 'commitment-1',
      commitmentDiscountType: 'Committed use discount',
      commitmentDiscountCategory: 'Usage',
      commitmentDiscountStatus: 'Used',
    });
    expect(focusRow('"PricingCategory": "Preemptible"')).toMatchObject({ pricingCategory: null, commitmentDiscountId: null, commitmentDiscountStatus: null });
  });

  it('rejects a row without a cost instead of inventing one', () => {
    const [row] = kokuExportRows('koku__gcp_billing_export_2022-08.csv');
    expect(() => mapBillingExportRow({ ...row, cost: null }, 4)).toThrow('The billing export row 4 lacks cost');
  });
});
