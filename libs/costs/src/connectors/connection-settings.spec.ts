import { InvalidConnectionInputError } from '../credentials/invalid-connection-input';
import { parseConnectionSettings } from './connection-settings';

describe('connection settings', () => {
  it('fills the defaults', () => {
    expect(parseConnectionSettings('aws', {})).toEqual({ region: 'us-east-1' });
    expect(parseConnectionSettings('azure', { scope: '/subscriptions/00000000-0000-0000-0000-000000000001/' })).toEqual({
      scope: 'subscriptions/00000000-0000-0000-0000-000000000001',
      costType: 'AmortizedCost',
    });
    expect(parseConnectionSettings('gcp', { table: 'my-project.billing.gcp_billing_export_v1_0123' })).toEqual({
      table: 'my-project.billing.gcp_billing_export_v1_0123',
      format: 'standard',
      jobProjectId: null,
      location: null,
    });
    expect(parseConnectionSettings('openai', undefined)).toEqual({});
  });

  it.each([
    ['aws', { region: 'us-east-1.evil.example' }, 'region'],
    ['azure', { scope: 'subscriptions/../../providers/x' }, 'scope'],
    ['gcp', { table: 'my-project.billing.t` WHERE 1=1 --' }, 'table'],
    ['gcp', { table: 'my-project.billing' }, 'table'],
    ['openai', { anything: 1 }, ''],
  ] as const)('rejects %s settings %j', (provider, settings, field) => {
    const failure = (() => {
      try {
        parseConnectionSettings(provider, settings);
      } catch (error) {
        return error;
      }
      return null;
    })();

    expect(failure).toBeInstanceOf(InvalidConnectionInputError);
    expect((failure as InvalidConnectionInputError).issues.map((issue) => issue.field)).toEqual([field]);
  });
});
