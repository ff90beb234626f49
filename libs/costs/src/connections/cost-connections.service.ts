import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CostConnectionSettings, CostConnectionStatus, CostConnectionView, CostProvider, CreateCostConnectionRequest } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { parseConnectionSettings } from '../connectors/connection-settings';
import { CostConnectorFactory } from '../connectors/connector-factory';
import { CostConnectorError, PermanentConnectorError } from '../connectors/connector-errors';
import { parseCostCredentials } from '../credentials/cost-credentials';
import { CredentialsCipher, CredentialsKeyMissingError } from '../credentials/credentials-cipher';
import { InvalidConnectionInputError } from '../credentials/invalid-connection-input';
import { CostBackfills } from '../ingestion/cost-backfills';
import { CostSyncSchedules } from '../ingestion/cost-sync-schedules';
import {
  ConnectionNameTakenError,
  ConnectionNotFoundError,
  ConnectionNotSyncableError,
  CredentialsKeyNotConfiguredError,
  CredentialsRejectedError,
  InvalidConnectionFieldsError,
  IngestionUnavailableError,
  ProviderUnreachableError,
} from './cost-connection-errors';

interface ConnectionRow {
  id: string;
  org_id: string;
  provider: CostProvider;
  name: string;
  status: CostConnectionStatus;
  settings: CostConnectionSettings;
  created_at: Date;
  last_synced_at: Date | null;
  last_error: string | null;
}

const COLUMNS = 'id, org_id, provider, name, status, settings, created_at, last_synced_at, last_error';
const UNIQUE_VIOLATION = '23505';
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * An organisation's cost connections: checked with the provider before anything is saved, credentials stored
 * encrypted and never shown again, ingested by a backfill and then on a Schedule, and disconnected by stopping
 * both. A disconnected connection keeps the rows it ingested: they are the measured spend that value reports and
 * invoices already rest on, and a later upload or connection of the same account replaces them period by period.
 */
@Injectable()
export class CostConnectionsService {
  private readonly logger = new Logger(CostConnectionsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly cipher: CredentialsCipher,
    private readonly connectors: CostConnectorFactory,
    private readonly backfills: CostBackfills,
    private readonly schedules: CostSyncSchedules,
  ) {}

  /**
   * Checks the credentials with the provider, saves the connection with them encrypted, starts its backfill and
   * creates its Schedule. Nothing stays saved when any step fails.
   */
  async create(actor: { orgId: string; userId: string }, request: CreateCostConnectionRequest): Promise<CostConnectionView> {
    const { credentials, settings, ciphertext } = this.checked(request);
    const name = request.name.trim();
    if (await this.nameTaken(actor.orgId, name)) throw new ConnectionNameTakenError(name);

    try {
      await this.connectors.connectorFor(request.provider, credentials, settings).verify();
    } catch (error) {
      if (error instanceof PermanentConnectorError) throw new CredentialsRejectedError(error.message);
      if (error instanceof CostConnectorError) throw new ProviderUnreachableError(error.message);
      this.logger.warn(`Checking ${request.provider} credentials failed unexpectedly: ${error instanceof Error ? error.name : 'unknown error'}`);
      throw new ProviderUnreachableError(`${request.provider} could not be asked to check the credentials. Nothing was saved; try again.`);
    }

    let row: ConnectionRow;
    try {
      [row] = await this.db.query(
        `INSERT INTO cost_connections (org_id, provider, name, credentials_ciphertext, settings, created_by)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING ${COLUMNS}`,
        [actor.orgId, request.provider, name, ciphertext, JSON.stringify(settings), actor.userId],
      );
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new ConnectionNameTakenError(name);
      throw error;
    }

    try {
      await this.startIngestion(row);
    } catch (error) {
      this.logger.warn(`Ingestion of cost connection ${row.id} could not be started, so it is not kept: ${reasonOf(error)}`);
      await this.backfills.cancel(row.id).catch(() => undefined);
      await this.db.query('DELETE FROM cost_connections WHERE id = $1 AND org_id = $2', [row.id, actor.orgId]);
      throw new IngestionUnavailableError('The ingestion service did not answer, so the connection was not saved. Try again in a minute.');
    }
    // Pending: the backfill has just been handed to the worker; the list shows its progress from here on.
    return this.viewOf(row, null);
  }

  async list(orgId: string): Promise<CostConnectionView[]> {
    const rows: ConnectionRow[] = await this.db.query(`SELECT ${COLUMNS} FROM cost_connections WHERE org_id = $1 ORDER BY created_at, id`, [orgId]);
    return Promise.all(rows.map((row) => this.withProgress(row)));
  }

  async get(orgId: string, id: string): Promise<CostConnectionView> {
    return this.withProgress(await this.row(orgId, id));
  }

  /**
   * Stops syncing: the connection is marked disconnected and its credentials erased first, so no activity can use
   * them any more; then its Schedule (with any sync it is running) is deleted and its backfill cancelled. Doing it
   * again only repeats the clean-up of what is left.
   */
  async disconnect(orgId: string, id: string): Promise<CostConnectionView> {
    await this.row(orgId, id);
    const [[row]]: [ConnectionRow[], number] = await this.db.query(
      `UPDATE cost_connections SET status = 'disconnected', credentials_ciphertext = NULL, last_error = NULL
        WHERE id = $1 AND org_id = $2 RETURNING ${COLUMNS}`,
      [id, orgId],
    );
    try {
      await this.schedules.remove(id);
      await this.backfills.cancel(id);
    } catch (error) {
      this.logger.warn(`Cost connection ${id} is disconnected but its workflows could not be stopped yet: ${reasonOf(error)}`);
      throw new IngestionUnavailableError(
        'The connection is disconnected and no longer reads your costs, but its schedule could not be removed just now. Send the request again.',
      );
    }
    return this.viewOf(row, null);
  }

  /** Starts a sync now (and the backfill and the Schedule, should either be missing). */
  async syncNow(orgId: string, id: string): Promise<CostConnectionView> {
    const row = await this.row(orgId, id);
    if (row.provider === 'focus_upload') throw new ConnectionNotSyncableError('Uploaded files have nothing to sync; upload a new file instead.');
    if (row.status === 'disconnected') throw new ConnectionNotSyncableError('This connection is disconnected; connect the account again to sync it.');
    try {
      await this.startIngestion(row);
      await this.schedules.trigger(id);
    } catch (error) {
      this.logger.warn(`A sync of cost connection ${id} could not be started: ${reasonOf(error)}`);
      throw new IngestionUnavailableError('The ingestion service did not answer. Nothing changed; try again in a minute.');
    }
    return this.get(orgId, id);
  }

  /** The credentials and settings in their checked form, and the credentials encrypted, before the provider is called. */
  private checked(request: CreateCostConnectionRequest) {
    try {
      const credentials = parseCostCredentials(request.provider, request.credentials);
      const settings = parseConnectionSettings(request.provider, request.settings ?? {});
      return { credentials, settings, ciphertext: this.cipher.encrypt(credentials) };
    } catch (error) {
      if (error instanceof CredentialsKeyMissingError) throw new CredentialsKeyNotConfiguredError();
      if (error instanceof InvalidConnectionInputError) {
        throw new InvalidConnectionFieldsError(error.issues.map((issue) => ({ field: [error.part, issue.field].filter(Boolean).join('.'), message: issue.message })));
      }
      throw error;
    }
  }

  private async startIngestion(row: ConnectionRow): Promise<void> {
    const input = { orgId: row.org_id, connectionId: row.id };
    await this.backfills.start(input);
    await this.schedules.ensure(input);
  }

  private async nameTaken(orgId: string, name: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM cost_connections WHERE org_id = $1 AND name = $2 AND status <> 'disconnected'`, [orgId, name]);
    return rows.length > 0;
  }

  private async row(orgId: string, id: string): Promise<ConnectionRow> {
    const [row]: ConnectionRow[] = await this.db.query(`SELECT ${COLUMNS} FROM cost_connections WHERE id = $1 AND org_id = $2`, [id, orgId]);
    if (!row) throw new ConnectionNotFoundError(id);
    return row;
  }

  private async withProgress(row: ConnectionRow): Promise<CostConnectionView> {
    const backfilling = row.status === 'pending' || row.status === 'backfilling';
    return this.viewOf(row, backfilling ? await this.backfills.progress(row.id) : null);
  }

  private viewOf(row: ConnectionRow, backfill: CostConnectionView['backfill']): CostConnectionView {
    const syncs = row.provider !== 'focus_upload' && row.status !== 'disconnected';
    return {
      id: row.id,
      provider: row.provider,
      name: row.name,
      status: row.status,
      settings: row.settings,
      createdAt: row.created_at.toISOString(),
      lastSyncedAt: row.last_synced_at?.toISOString() ?? null,
      lastError: row.last_error,
      syncEvery: syncs ? this.config.costs.syncEvery : null,
      backfill: backfill?.state === 'running' ? backfill : null,
    };
  }
}
