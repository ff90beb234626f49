import { Inject, Injectable, Optional } from '@nestjs/common';
import type { CostProvider } from '@apex/contracts';
import { ApiCostProvider, CostCredentials, isApiCostProvider } from '../credentials/cost-credentials';
import { CredentialsCipher } from '../credentials/credentials-cipher';
import { InvalidConnectionInputError } from '../credentials/invalid-connection-input';
import { AwsConnectorOptions, AwsCostExplorerConnector } from './aws/aws-cost-explorer.connector';
import { AzureCostManagementConnector } from './azure/azure-cost-management.connector';
import { parseConnectionSettings } from './connection-settings';
import type { CostConnector } from './cost-connector';
import { GcpBillingExportConnector } from './gcp/gcp-billing-export.connector';
import { OpenAiUsageCostsConnector } from './openai/openai-usage-costs.connector';

/** Where the connectors find the providers. Production uses the defaults; tests and sovereign clouds override them. */
export interface CostConnectorEndpoints {
  /** Cost Explorer and STS endpoints; the SDK's own (by region) when absent. */
  awsCostExplorer?: string;
  awsSts?: string;
  /** Apex's own AWS identity for assuming customers' roles; the default credential chain when absent. */
  awsSourceCredentials?: AwsConnectorOptions['sourceCredentials'];
  azureLogin: string;
  azureManagement: string;
  googleToken: string;
  googleBigQuery: string;
  openAi: string;
  requestTimeoutMs: number;
}

export const DEFAULT_COST_CONNECTOR_ENDPOINTS: CostConnectorEndpoints = {
  azureLogin: 'https://login.microsoftonline.com',
  azureManagement: 'https://management.azure.com',
  googleToken: 'https://oauth2.googleapis.com/token',
  googleBigQuery: 'https://bigquery.googleapis.com',
  openAi: 'https://api.openai.com',
  requestTimeoutMs: 60_000,
};

/** Injection token for a partial override of DEFAULT_COST_CONNECTOR_ENDPOINTS. */
export const COST_CONNECTOR_ENDPOINTS = 'COST_CONNECTOR_ENDPOINTS';

/** Builds the connector of a cost connection from its provider, decrypted credentials and settings. */
@Injectable()
export class CostConnectorFactory {
  readonly #endpoints: CostConnectorEndpoints;

  constructor(
    private readonly cipher: CredentialsCipher,
    @Optional() @Inject(COST_CONNECTOR_ENDPOINTS) endpoints?: Partial<CostConnectorEndpoints>,
  ) {
    this.#endpoints = { ...DEFAULT_COST_CONNECTOR_ENDPOINTS, ...endpoints };
  }

  /**
   * @param settings the connection's `settings` JSON; checked and completed with defaults here
   * @throws InvalidConnectionInputError for a provider without an API (focus_upload), credentials of another
   *   provider or malformed settings
   */
  connectorFor(provider: CostProvider, credentials: CostCredentials, settings: unknown): CostConnector {
    requireApiProvider(provider);
    if (credentials.provider !== provider) {
      throw new InvalidConnectionInputError('credentials', [{ field: '', message: `${credentials.provider} credentials for a ${provider} connection` }]);
    }
    const endpoints = this.#endpoints;
    const requestTimeoutMs = endpoints.requestTimeoutMs;
    switch (credentials.provider) {
      case 'aws':
        return new AwsCostExplorerConnector(credentials, parseConnectionSettings('aws', settings), {
          costExplorerEndpoint: endpoints.awsCostExplorer,
          stsEndpoint: endpoints.awsSts,
          sourceCredentials: endpoints.awsSourceCredentials,
          requestTimeoutMs,
        });
      case 'azure':
        return new AzureCostManagementConnector(credentials, parseConnectionSettings('azure', settings), {
          loginBaseUrl: endpoints.azureLogin,
          managementBaseUrl: endpoints.azureManagement,
          requestTimeoutMs,
        });
      case 'gcp':
        return new GcpBillingExportConnector(credentials, parseConnectionSettings('gcp', settings), {
          tokenUrl: endpoints.googleToken,
          bigQueryBaseUrl: endpoints.googleBigQuery,
          requestTimeoutMs,
        });
      case 'openai':
        parseConnectionSettings('openai', settings);
        return new OpenAiUsageCostsConnector(credentials, { baseUrl: endpoints.openAi, requestTimeoutMs });
    }
  }

  /** The connector of a stored connection: decrypts `credentials_ciphertext`, then as `connectorFor`. */
  connectorForStored(provider: CostProvider, credentialsCiphertext: Buffer, settings: unknown): CostConnector {
    return this.connectorFor(provider, this.cipher.decrypt(requireApiProvider(provider), credentialsCiphertext), settings);
  }
}

function requireApiProvider(provider: CostProvider): ApiCostProvider {
  if (!isApiCostProvider(provider)) {
    throw new InvalidConnectionInputError('credentials', [{ field: '', message: `${provider} connections are not read through an API` }]);
  }
  return provider;
}
