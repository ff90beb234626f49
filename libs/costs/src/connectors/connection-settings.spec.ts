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
    'subscriptions/00000000-0000-0000-0000-000000000001',
    'Subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod.eu_(1)',
    'providers/Microsoft.Billing/billingAccounts/70664866',
    'providers/Microsoft.Billing/billingAccounts/12345678-1234-1234-1234-123456789012:12345678-1234-1234-1234-123456789012_2019-05-31',
    'providers/Microsoft.Billing/billingAccounts/70664866/billingProfiles/ABCD-EFGH-XYZ-PQR',
    'providers/Microsoft.Billing/billingAccounts/70664866/billingProfiles/ABCD-EFGH-XYZ-PQR/invoiceSections/WXYZ-ABCD-PQR-TUV',
    'providers/Microsoft.Billing/billingAccounts/70664866/departments/1234',
    'providers/Microsoft.Billing/billingAccounts/70664866/enrollmentAccounts/5678',
    'providers/Microsoft.Billing/billingAccounts/70664866:abc_2019-05-31/customers/9abc',
    'providers/Microsoft.Management/managementGroups/contoso-root',
  ])('accepts the documented Azure scope %s', (scope) => {
    expect(parseConnectionSettings('azure', { scope: `/${scope}` })).toEqual({ scope, costType: 'AmortizedCost' });
  });

  it.each([
    ['aws', { region: 'us-east-1.evil.example' }, 'region'],
    ['azure', { scope: 'subscriptions/../../providers/x' }, 'scope'],
    ['azure', { scope: 'subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/..' }, 'scope'],
    ['azure', { scope: 'subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/../../../providers/Microsoft.Billing/billingAccounts/1' }, 'scope'],
    ['azure', { scope: 'providers/Microsoft.Billing/billingAccounts/..' }, 'scope'],
    ['azure', { scope: 'providers/Microsoft.Billing/billingAccounts/70664866/billingProfiles/../../..' }, 'scope'],
    ['azure', { scope: 'providers/Microsoft.Management/managementGroups/..' }, 'scope'],
    ['azure', { scope: 'providers/Microsoft.Management/managementGroups/root.' }, 'scope'],
    ['azure', { scope: 'subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Compute' }, 'scope'],
    ['azure', { scope: 'providers/Microsoft.Billing/billingAccounts/70664866/invoiceSections/XYZ' }, 'scope'],
    ['azure', { scope: 'providers/Microsoft.Billing/billingAccounts/70664866/departments/1/customers/2' }, 'scope'],
    ['azure', { scope: 'subscriptions/00000000-0000-0000-0000-000000000001%2F..' }, 'scope'],
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
