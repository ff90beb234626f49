import { AiFieldReader } from './ai-fields';
import { planFocusHeader } from './focus-header';

const MANDATORY = 'BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargePeriodEnd,ChargePeriodStart,ContractedCost,EffectiveCost,InvoiceIssuerName,ListCost,PricingQuantity,PricingUnit,ProviderName,PublisherName,ServiceCategory,ServiceName'.split(',');

function readerFor(extra: string[]) {
  const header = [...MANDATORY, ...extra];
  const result = planFocusHeader(header);
  if (!result.plan || result.issues.length) throw new Error(JSON.stringify(result.issues));
  const reader = new AiFieldReader(result.plan);
  const problems: string[] = [];
  return {
    problems,
    read(values: Record<string, string>, details: Record<string, unknown> | null = null) {
      const fields = header.map((column) => values[column] ?? '');
      return reader.read(fields, details, (column, message) => problems.push(`${column}: ${message}`));
    },
  };
}

describe('AI fields from FOCUS columns', () => {
  it('files ConsumedQuantity in token units by the kind SkuPriceDetails, the unit, SkuMeter or the description names', () => {
    const reader = readerFor(['ConsumedQuantity', 'ConsumedUnit', 'SkuMeter', 'SkuPriceDetails']);
    expect(reader.read({ ConsumedQuantity: '1250000', ConsumedUnit: 'Tokens' }, { Model: 'gpt-4o', TokenType: 'Input' })).toEqual({
      model: 'gpt-4o', inputTokens: '1250000', outputTokens: null, cachedTokens: null, requests: null,
    });
    expect(reader.read({ ConsumedQuantity: '2.5', ConsumedUnit: '1M Tokens', SkuMeter: 'gpt-4o-mini Output Tokens' })).toMatchObject({ outputTokens: '2500000' });
    expect(reader.read({ ConsumedQuantity: '820', ConsumedUnit: '1000 Cached Input Tokens' })).toMatchObject({ cachedTokens: '820000' });
    expect(reader.read({ ConsumedQuantity: '3', ConsumedUnit: '1K tokens', ChargeDescription: 'Prompt tokens' })).toMatchObject({ inputTokens: '3000' });
    expect(reader.read({ ConsumedQuantity: '10', ConsumedUnit: 'Tokens', ChargeDescription: 'usage' })).toMatchObject({ inputTokens: null, outputTokens: null, cachedTokens: null });
    expect(reader.read({ ConsumedQuantity: '24', ConsumedUnit: 'Hours', SkuMeter: 'Input' })).toEqual({ model: null, inputTokens: null, outputTokens: null, cachedTokens: null, requests: null });
    expect(reader.read({ ConsumedQuantity: '5', ConsumedUnit: '1000 Requests' })).toMatchObject({ requests: '5000' });
  });

  it('takes x_ columns first and never adds ConsumedQuantity to them', () => {
    const reader = readerFor(['ConsumedQuantity', 'ConsumedUnit', 'x_Model', 'x_InputTokens', 'x_OutputTokens', 'x_CachedTokens', 'x_Requests']);
    expect(
      reader.read({ ConsumedQuantity: '99', ConsumedUnit: 'Input Tokens', x_Model: 'gpt-4.1', x_InputTokens: '3100000', x_OutputTokens: '775000', x_Requests: '5210' }),
    ).toEqual({ model: 'gpt-4.1', inputTokens: '3100000', outputTokens: '775000', cachedTokens: null, requests: '5210' });
    reader.read({ x_InputTokens: '1.5', x_Requests: '-2' });
    expect(reader.problems).toEqual(['x_InputTokens: "1.5" is not a count: a whole number from 0.', 'x_Requests: "-2" is not a count: a whole number from 0.']);
  });

  it('reads the model of an Amazon Bedrock foundation-model ARN', () => {
    const reader = readerFor(['ResourceId']);
    expect(reader.read({ ResourceId: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0' }).model).toBe(
      'anthropic.claude-3-5-haiku-20241022-v1:0',
    );
    expect(reader.read({ ResourceId: 'arn:aws:ec2:us-east-1:210987654321:instance/i-0a1b2c' }).model).toBeNull();
  });
});
