import { isAiSpend } from './ai-spend';

const row = (over: Partial<Parameters<typeof isAiSpend>[0]>) => ({
  providerName: 'AWS',
  serviceName: 'Amazon Elastic Compute Cloud',
  serviceCategory: 'Compute',
  model: null,
  ...over,
});

describe('isAiSpend', () => {
  it('counts rows that name a model, come from a model vendor or an AI service', () => {
    expect(isAiSpend(row({ model: 'gpt-4o-mini' }))).toBe(true);
    expect(isAiSpend(row({ providerName: 'OpenAI', serviceName: 'Completions' }))).toBe(true);
    expect(isAiSpend(row({ serviceName: 'Amazon Bedrock' }))).toBe(true);
    expect(isAiSpend(row({ providerName: 'Microsoft', serviceName: 'Azure OpenAI Service' }))).toBe(true);
    expect(isAiSpend(row({ providerName: 'Google Cloud', serviceName: 'Vertex AI' }))).toBe(true);
    expect(isAiSpend(row({ serviceCategory: 'AI and Machine Learning', serviceName: 'Anything' }))).toBe(true);
  });

  it('leaves ordinary cloud spend out', () => {
    expect(isAiSpend(row({}))).toBe(false);
    expect(isAiSpend(row({ serviceName: 'Amazon Simple Storage Service', serviceCategory: 'Storage' }))).toBe(false);
    expect(isAiSpend(row({ providerName: 'Microsoft', serviceName: 'Virtual Machines' }))).toBe(false);
  });
});
