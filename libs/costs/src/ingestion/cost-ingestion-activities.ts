import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { CostIngestionActivities, StageCostPageInput, StagedCostPage } from '@apex/contracts';
import { CostIngestionFailure } from '@apex/contracts';
import { CostConnectorFactory } from '../connectors/connector-factory';
import { isApiCostProvider } from '../credentials/cost-credentials';
import { CredentialsCipher, CredentialsDecryptionError, CredentialsKeyMissingError } from '../credentials/credentials-cipher';
import { toActivityFailure } from './connector-failures';
import { CostIngestionStore } from './cost-ingestion.store';

const HEARTBEAT_EVERY_MS = 5_000;
const connectionGone = () => ApplicationFailure.nonRetryable('The connection was disconnected.', CostIngestionFailure.connectionGone);

/** Heartbeats while `work` runs, when called as an activity. */
async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  let context: Context | null = null;
  try {
    context = Context.current();
  } catch {
    return work();
  }
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** The activities of `ingest-<connectionId>-<month>`, its backfill and its syncs. */
@Injectable()
export class CostIngestionActivitiesService {
  constructor(
    private readonly store: CostIngestionStore,
    private readonly connectors: CostConnectorFactory,
    private readonly cipher: CredentialsCipher,
  ) {}

  activities(): CostIngestionActivities {
    return {
      beginCostSource: async ({ period, ...ref }) => ((await this.store.beginSource(ref, period)) ? 'started' : 'connection_gone'),
      stageCostPage: (input) => this.stagePage(input),
      replaceCostPeriod: ({ period, pages, ...ref }) => this.store.replacePeriod(ref, period, pages),
      failCostSource: ({ reason, ...ref }) => this.store.failSource(ref, reason),
      setCostConnectionStatus: (input) => this.store.setStatus(input),
    };
  }

  private async stagePage(input: StageCostPageInput): Promise<StagedCostPage> {
    const { orgId, connectionId, sourceId, period, pageNumber, pageToken } = input;
    const ref = { orgId, connectionId, sourceId };
    if (!input.refresh) {
      const stored = await this.store.storedPage(ref, pageNumber);
      // Stored by an earlier attempt of this very call: answer what it stored instead of counting the page again.
      if (stored && stored.pageToken === pageToken) return { pageNumber, rowCount: stored.rowCount, nextPageToken: stored.nextPageToken, fetched: false };
    }
    const connection = await this.store.connection(orgId, connectionId);
    if (!connection?.credentialsCiphertext || connection.status === 'disconnected' || !isApiCostProvider(connection.provider)) throw connectionGone();
    let credentials;
    try {
      credentials = this.cipher.decrypt(connection.provider, connection.credentialsCiphertext);
    } catch (error) {
      if (error instanceof CredentialsDecryptionError) throw ApplicationFailure.nonRetryable(error.message, CostIngestionFailure.credentialsRejected);
      if (error instanceof CredentialsKeyMissingError) throw ApplicationFailure.nonRetryable(error.message, CostIngestionFailure.permanent);
      throw error;
    }
    const connector = this.connectors.connectorFor(connection.provider, credentials, connection.settings);
    const page = await heartbeating(() => connector.fetchPage({ start: period.start, end: period.end }, pageToken)).catch((error: unknown) => {
      throw toActivityFailure(error);
    });
    if (!(await this.store.stagePage(ref, pageNumber, pageToken, page))) throw connectionGone();
    return { pageNumber, rowCount: page.rows.length, nextPageToken: page.nextPageToken, fetched: true };
  }
}
