import {
  CostExplorerClient,
  CostExplorerClientConfig,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
  GroupDefinition,
} from '@aws-sdk/client-cost-explorer';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { CostProvider } from '@apex/contracts';
import { AwsCredentials, secretValues } from '../../credentials/cost-credentials';
import type { AwsConnectionSettings } from '../connection-settings';
import type { CostConnector, CostPage, CostPeriod } from '../cost-connector';
import { assertCostPeriod, lastFullDay } from '../shared/cost-period';
import { translateAwsError } from './aws-error';
import { mapCostAndUsage } from './cost-explorer.mapper';

type AwsIdentity = Exclude<CostExplorerClientConfig['credentials'], undefined>;
type StaticIdentity = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };

export interface AwsConnectorOptions {
  /** Cost Explorer endpoint, when it is not AWS's own (a local server in tests). */
  costExplorerEndpoint?: string;
  stsEndpoint?: string;
  requestTimeoutMs: number;
  /** Apex's own AWS identity, which assumes customers' roles; the default credential chain when absent. */
  sourceCredentials?: AwsIdentity;
}

export const COST_EXPLORER_GROUP_BY: GroupDefinition[] = [
  { Type: 'DIMENSION', Key: 'SERVICE' },
  { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
];
const METRICS = ['UnblendedCost', 'AmortizedCost', 'UsageQuantity'];
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * AWS costs through Cost Explorer GetCostAndUsage: daily, by service and usage type, with unblended (billed) and
 * amortized (effective) cost and usage quantity. Cost Explorer's NextPageToken is the page token. The SDK does not
 * retry (maxAttempts 1): the workflow retries, using the classification of the error.
 */
export class AwsCostExplorerConnector implements CostConnector {
  readonly provider: CostProvider = 'aws';
  readonly #client: CostExplorerClient;
  readonly #secrets: string[];
  readonly #roleArn: string | undefined;

  constructor(credentials: AwsCredentials, settings: AwsConnectionSettings, options: AwsConnectorOptions) {
    this.#secrets = secretValues(credentials);
    this.#roleArn = credentials.kind === 'assume_role' ? credentials.roleArn : undefined;
    const requestHandler = { requestTimeout: options.requestTimeoutMs, connectionTimeout: Math.min(options.requestTimeoutMs, 10_000) };
    this.#client = new CostExplorerClient({
      region: settings.region,
      endpoint: options.costExplorerEndpoint,
      maxAttempts: 1,
      requestHandler,
      credentials:
        credentials.kind === 'access_key'
          ? {
              accessKeyId: credentials.accessKeyId,
              secretAccessKey: credentials.secretAccessKey.reveal(),
              sessionToken: credentials.sessionToken?.reveal(),
            }
          : assumedRole(credentials.roleArn, credentials.externalId, settings.region, options, requestHandler),
    });
  }

  async verify(): Promise<void> {
    const period = lastFullDay();
    await this.#send({ TimePeriod: { Start: period.start, End: period.end }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] });
  }

  async fetchPage(period: CostPeriod, pageToken: string | null): Promise<CostPage> {
    assertCostPeriod('aws', period);
    const output = await this.#send({
      TimePeriod: { Start: period.start, End: period.end },
      Granularity: 'DAILY',
      Metrics: METRICS,
      GroupBy: COST_EXPLORER_GROUP_BY,
      NextPageToken: pageToken ?? undefined,
    });
    return { rows: mapCostAndUsage(output, COST_EXPLORER_GROUP_BY), nextPageToken: output.NextPageToken || null };
  }

  async #send(input: GetCostAndUsageCommandInput) {
    try {
      return await this.#client.send(new GetCostAndUsageCommand(input));
    } catch (error) {
      throw translateAwsError(error, 'ce', this.#secrets, this.#roleArn);
    }
  }
}

/** Credentials of the customer's role, assumed through STS and renewed five minutes before they expire. */
function assumedRole(
  roleArn: string,
  externalId: string | null,
  region: string,
  options: AwsConnectorOptions,
  requestHandler: { requestTimeout: number; connectionTimeout: number },
): () => Promise<StaticIdentity> {
  const sts = new STSClient({
    region,
    endpoint: options.stsEndpoint,
    maxAttempts: 1,
    requestHandler,
    credentials: options.sourceCredentials,
  });
  let current: StaticIdentity | undefined;
  return async () => {
    if (current?.expiration && current.expiration.getTime() - Date.now() > REFRESH_BEFORE_EXPIRY_MS) return current;
    try {
      const { Credentials: assumed } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'apex-cost-ingestion',
          ExternalId: externalId ?? undefined,
          DurationSeconds: 3600,
        }),
      );
      if (!assumed?.AccessKeyId || !assumed.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      current = {
        accessKeyId: assumed.AccessKeyId,
        secretAccessKey: assumed.SecretAccessKey,
        sessionToken: assumed.SessionToken,
        expiration: assumed.Expiration,
      };
      return current;
    } catch (error) {
      throw translateAwsError(error, 'sts', [], roleArn);
    }
  };
}
