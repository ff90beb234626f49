import { AppConfig } from '@apex/config';
import { ChatCompletionsServer } from '@apex/testing';
import { NarrativeWriter } from './narrative-writer';

const API_KEY = 'sk-test-narrative-key';
const base = {
  DATABASE_URL: 'postgres://apex:apex@localhost:5432/apex',
  TEMPORAL_ADDRESS: 'localhost:7233',
  SMTP_URL: 'smtp://localhost:1025',
  JWT_SECRET: 'x'.repeat(32),
};
const input = {
  templated: 'Moving gpt-4o-2024-08-06 traffic to gpt-4o-mini could save $840.50 a month.',
  facts: ['gpt-4o-2024-08-06 spend over 30 days: $1,200.00', 'Potential monthly savings from gpt-4o-mini: $840.50 (70%)'],
};

describe('NarrativeWriter', () => {
  let server: ChatCompletionsServer;
  const writerFor = (timeoutMs = 2_000) =>
    new NarrativeWriter(
      AppConfig.fromEnv({ ...base, LLM_API_URL: server.url, LLM_API_KEY: API_KEY, LLM_MODEL: 'gpt-4o-mini', LLM_TIMEOUT_MS: String(timeoutMs) }),
    );

  beforeEach(async () => {
    server = await ChatCompletionsServer.start({ apiKey: API_KEY });
  });
  afterEach(() => server.close());

  it('uses the model text when it states only the facts’ numbers', async () => {
    const text = 'Over 30 days you spent $1,200 on gpt-4o-2024-08-06. Moving to gpt-4o-mini would save about $840.50 a month, 70% of it.';
    server.enqueue({ content: text, promptTokens: 210, completionTokens: 48 });
    expect(await writerFor().write(input)).toEqual({
      text, source: 'model', model: 'gpt-4o-mini', promptTokens: 210, completionTokens: 48, discarded: null,
    });
  });

  it('sends the model, the facts and the bearer key, at temperature 0', async () => {
    server.enqueue({ content: 'Savings of $840.50 a month.' });
    await writerFor().write(input);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0 });
    const [system, user] = request.body.messages ?? [];
    expect(system.role).toBe('system');
    expect(system.content).toMatch(/not state any number/);
    expect(user.role).toBe('user');
    for (const fact of input.facts) expect(user.content).toContain(fact);
  });

  it('discards an answer that invents a number, keeping the tokens it spent', async () => {
    server.enqueue({ content: 'You could save $5,000 a month by moving to gpt-4o-mini.', promptTokens: 200, completionTokens: 30 });
    expect(await writerFor().write(input)).toEqual({
      text: input.templated, source: 'template', model: 'gpt-4o-mini', promptTokens: 200, completionTokens: 30,
      discarded: 'it states numbers not among the facts: 5000',
    });
  });

  it('discards an HTTP 500', async () => {
    server.enqueue({ status: 500 });
    expect(await writerFor().write(input)).toMatchObject({ text: input.templated, source: 'template', promptTokens: 0, discarded: "HTTP 500 from the model's API" });
  });

  it('discards an answer that does not come within the timeout', async () => {
    server.enqueue({ hang: true });
    const started = Date.now();
    expect(await writerFor(300).write(input)).toMatchObject({ text: input.templated, source: 'template', discarded: 'no answer within 300 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('discards malformed JSON and an empty answer', async () => {
    server.enqueue({ raw: '{"choices": [' }, { content: '   ', promptTokens: 90, completionTokens: 1 });
    expect(await writerFor().write(input)).toMatchObject({ source: 'template', discarded: 'the answer was not JSON' });
    expect(await writerFor().write(input)).toMatchObject({ source: 'template', promptTokens: 90, completionTokens: 1, discarded: 'the answer was empty' });
  });

  it('is refused with a wrong key, and the key never shows in what it returns', async () => {
    const wrong = new NarrativeWriter(
      AppConfig.fromEnv({ ...base, LLM_API_URL: server.url, LLM_API_KEY: 'sk-wrong-key-42', LLM_MODEL: 'gpt-4o-mini' }),
    );
    const narrative = await wrong.write(input);
    expect(narrative).toMatchObject({ source: 'template', discarded: "HTTP 401 from the model's API" });
    expect(JSON.stringify(narrative)).not.toContain('sk-wrong-key-42');
  });

  it('returns the template with no tokens when no model is configured, and asks nothing', async () => {
    expect(await new NarrativeWriter(AppConfig.fromEnv(base)).write(input)).toEqual({
      text: input.templated, source: 'template', model: null, promptTokens: 0, completionTokens: 0, discarded: null,
    });
    expect(server.requests).toHaveLength(0);
  });
});
