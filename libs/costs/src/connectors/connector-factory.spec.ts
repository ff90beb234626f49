import { randomBytes } from 'node:crypto';
import { parseCostCredentials } from '../credentials/cost-credentials';
import { CredentialsCipher } from '../credentials/credentials-cipher';
import { InvalidConnectionInputError } from '../credentials/invalid-connection-input';
import { AwsCostExplorerConnector } from './aws/aws-cost-explorer.connector';
import { AzureCostManagementConnector } from './azure/azure-cost-management.connector';
import { CostConnectorFactory } from './connector-factory';
import { OpenAiUsageCostsConnector } from './openai/openai-usage-costs.connector';
import { startLocalServer } from './testing/local-http-server';

describe('CostConnectorFactory', () => {
  const cipher = CredentialsCipher.withKey(randomBytes(32));
  const openAiKey = parseCostCredentials('openai', { adminKey: 'sk-admin-Zq3VbK8pLr2mXw9TnY4s' });

  it('builds the connector of each provider from its credentials and settings', () => {
    const factory = new CostConnectorFactory(cipher);

    expect(factory.connectorFor('aws', parseCostCredentials('aws', { kind: 'access_key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }), {})).toBeInstanceOf(
      AwsCostExplorerConnector,
    );
    expect(
      factory.connectorFor(
        'azure',
        parseCostCredentials('azure', { tenantId: 'contoso.onmicrosoft.com', clientId: '66666666-7777-8888-9999-000000000000', clientSecret: 's' }),
        { scope: 'subscriptions/00000000-0000-0000-0000-000000000001' },
      ),
    ).toBeInstanceOf(AzureCostManagementConnector);
    expect(factory.connectorFor('openai', openAiKey, {})).toBeInstanceOf(OpenAiUsageCostsConnector);
  });

  it('refuses uploads, mismatched credentials and bad settings', () => {
    const factory = new CostConnectorFactory(cipher);

    expect(() => factory.connectorFor('focus_upload', openAiKey, {})).toThrow(InvalidConnectionInputError);
    expect(() => factory.connectorFor('azure', openAiKey, {})).toThrow('openai credentials for a azure connection');
    expect(() => factory.connectorFor('openai', openAiKey, { region: 'x' })).toThrow(InvalidConnectionInputError);
  });

  it('decrypts stored credentials and reaches the provider at the configured endpoint', async () => {
    const server = await startLocalServer(() => ({ body: { object: 'page', data: [], has_more: false, next_page: null } }));
    try {
      const factory = new CostConnectorFactory(cipher, { openAi: server.url, requestTimeoutMs: 2_000 });

      await factory.connectorForStored('openai', cipher.encrypt(openAiKey), {}).verify();

      expect(server.requests.map((request) => [request.url.pathname, request.headers.authorization])).toEqual([
        ['/v1/organization/costs', 'Bearer sk-admin-Zq3VbK8pLr2mXw9TnY4s'],
      ]);
    } finally {
      await server.close();
    }
  });
});
