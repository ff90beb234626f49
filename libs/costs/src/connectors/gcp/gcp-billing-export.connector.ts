import type { CanonicalCostRow, CostProvider } from '@apex/contracts';
import { GcpCredentials, secretValues } from '../../credentials/cost-credentials';
import type { GcpConnectionSettings } from '../connection-settings';
import { ExpiredPageTokenError, PermanentConnectorError, RetryableConnectorError } from '../connector-errors';
import type { CostConnector, CostPage, CostPeriod } from '../cost-connector';
import { assertCostPeriod, lastFullDay } from '../shared/cost-period';
import { isJsonObject, JsonValue, parseJsonKeepingNumbers } from '../shared/lossless-json';
import { decodePageToken, encodePageToken } from '../shared/page-token';
import { HttpCallContext, HttpReply, isRetryableStatus, readJson, sendHttp, unavailable } from '../shared/provider-http';
import { firstLine, redactSecrets } from '../shared/redact';
import { mapBillingExportRow, mapFocusViewRow } from './billing-export.mapper';
import { billingExportSql } from './billing-export.query';
import { GoogleAccessToken } from './google-access-token';

export interface GcpConnectorOptions {
  /** `https://oauth2.googleapis.com/token`. */
  tokenUrl: string;
  /** `https://bigquery.googleapis.com`. */
  bigQueryBaseUrl: string;
  requestTimeoutMs: number;
  /** Rows per page. */
  pageSize?: number;
}

interface QueryCursor {
  jobId: string;
  location: string | null;
  /** BigQuery's page token; null for the first page of a job that was still running. */
  pageToken: string | null;
}

const isCursor = (value: unknown): value is QueryCursor =>
  isPlainObject(value) &&
  typeof value['jobId'] === 'string' &&
  (value['location'] === null || typeof value['location'] === 'string') &&
  (value['pageToken'] === null || typeof value['pageToken'] === 'string');

const RETRYABLE_REASONS = new Set(['rateLimitExceeded', 'jobRateLimitExceeded', 'quotaExceeded', 'backendError', 'internalError', 'jobBackendError', 'tableUnavailable']);
const WAIT_FOR_JOB_MS = 20_000;

/**
 * Google Cloud costs from the Cloud Billing export in BigQuery (standard or detailed usage cost table, or a FOCUS
 * view), through the REST API: jobs.query starts the query for the period and returns its first page,
 * jobs.getQueryResults the following ones. The page token carries the job id, its location and BigQuery's own page
 * token; query results live about a day, after which the token is an ExpiredPageTokenError.
 */
export class GcpBillingExportConnector implements CostConnector {
  readonly provider: CostProvider = 'gcp';
  readonly #settings: GcpConnectionSettings;
  readonly #options: GcpConnectorOptions;
  readonly #projectId: string;
  readonly #secrets: string[];
  readonly #token: GoogleAccessToken;

  constructor(credentials: GcpCredentials, settings: GcpConnectionSettings, options: GcpConnectorOptions) {
    this.#settings = settings;
    this.#options = { ...options, bigQueryBaseUrl: options.bigQueryBaseUrl.replace(/\/+$/, '') };
    this.#projectId = settings.jobProjectId ?? credentials.projectId;
    this.#secrets = secretValues(credentials);
    this.#token = new GoogleAccessToken(credentials, options.tokenUrl, { provider: 'gcp', timeoutMs: options.requestTimeoutMs, secrets: this.#secrets });
  }

  /** A dry run of the period query: checks the key, the permissions and the table without reading any data. */
  async verify(): Promise<void> {
    await this.#call({ method: 'POST', path: '/queries', body: this.#queryRequest(lastFullDay(), true) }, null);
  }

  async fetchPage(period: CostPeriod, pageToken: string | null): Promise<CostPage> {
    assertCostPeriod('gcp', period);
    const reply =
      pageToken === null
        ? await this.#call({ method: 'POST', path: '/queries', body: this.#queryRequest(period, false) }, null)
        : await this.#nextResults(decodePageToken('gcp', pageToken, isCursor));
    return this.#page(reply);
  }

  async #nextResults(cursor: QueryCursor): Promise<JsonValue> {
    const query = new URLSearchParams({ maxResults: String(this.#pageSize()), timeoutMs: String(WAIT_FOR_JOB_MS) });
    if (cursor.pageToken) query.set('pageToken', cursor.pageToken);
    if (cursor.location) query.set('location', cursor.location);
    return this.#call({ method: 'GET', path: `/queries/${encodeURIComponent(cursor.jobId)}?${query}` }, cursor);
  }

  #page(reply: JsonValue): CostPage {
    if (!isJsonObject(reply)) throw malformed('a body that is not an object');
    const job = isJsonObject(reply['jobReference']) ? reply['jobReference'] : null;
    const jobId = job && typeof job['jobId'] === 'string' ? job['jobId'] : null;
    const location = job && typeof job['location'] === 'string' ? job['location'] : null;
    const pageToken = typeof reply['pageToken'] === 'string' && reply['pageToken'] ? reply['pageToken'] : null;
    if (reply['jobComplete'] === false) {
      if (!jobId) throw malformed('a running job without its jobReference');
      return { rows: [], nextPageToken: encodePageToken({ jobId, location, pageToken: null } satisfies QueryCursor) };
    }
    const rows = Array.isArray(reply['rows']) ? reply['rows'] : [];
    const mapRow = this.#settings.format === 'focus' ? mapFocusViewRow : mapBillingExportRow;
    const mapped: CanonicalCostRow[] = rows.map((row, index) => mapRow(rowJson(row, index + 1), index + 1));
    if (pageToken === null) return { rows: mapped, nextPageToken: null };
    if (!jobId) throw malformed('a page token without its jobReference');
    return { rows: mapped, nextPageToken: encodePageToken({ jobId, location, pageToken } satisfies QueryCursor) };
  }

  #queryRequest(period: CostPeriod, dryRun: boolean): string {
    const timestamp = (date: string) => ({ parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: `${date} 00:00:00+00` } });
    return JSON.stringify({
      query: billingExportSql(this.#settings),
      useLegacySql: false,
      parameterMode: 'NAMED',
      queryParameters: [
        { name: 'period_start', ...timestamp(period.start) },
        { name: 'period_end', ...timestamp(period.end) },
      ],
      maxResults: this.#pageSize(),
      timeoutMs: WAIT_FOR_JOB_MS,
      dryRun,
      ...(this.#settings.location ? { location: this.#settings.location } : {}),
    });
  }

  #pageSize(): number {
    return this.#options.pageSize ?? 5000;
  }

  async #call(request: { method: 'GET' | 'POST'; path: string; body?: string }, cursor: QueryCursor | null): Promise<JsonValue> {
    const context: HttpCallContext = {
      provider: 'gcp',
      what: cursor ? 'BigQuery getQueryResults' : 'BigQuery query',
      timeoutMs: this.#options.requestTimeoutMs,
      secrets: this.#secrets,
    };
    const reply = await sendHttp(
      {
        method: request.method,
        url: `${this.#options.bigQueryBaseUrl}/bigquery/v2/projects/${encodeURIComponent(this.#projectId)}${request.path}`,
        headers: { authorization: `Bearer ${await this.#token.get()}`, ...(request.body ? { 'content-type': 'application/json' } : {}) },
        body: request.body,
      },
      context,
    );
    if (reply.status < 300) return readJson(reply, context);
    throw this.#failure(reply, context, cursor !== null);
  }

  #failure(reply: HttpReply, context: HttpCallContext, followingPage: boolean): Error {
    const { message, reason } = bigQueryError(reply);
    const said = redactSecrets(firstLine(message ?? `HTTP ${reply.status}`), this.#secrets);
    if (isRetryableStatus(reply.status) || (reason && RETRYABLE_REASONS.has(reason))) {
      return reply.status === 403 ? new RetryableConnectorError('gcp', `BigQuery asks to slow down (${reason}): ${said}`) : unavailable(reply, context, message);
    }
    if (followingPage && (reply.status === 404 || (reply.status === 400 && /page ?token/i.test(message ?? '')))) {
      return new ExpiredPageTokenError('gcp', `BigQuery no longer holds the results of this query: ${said}`);
    }
    if (reply.status === 401) return new PermanentConnectorError('gcp', 'credentials', `Google rejected the service account's access token: ${said}`);
    if (reply.status === 403) {
      return new PermanentConnectorError(
        'gcp',
        'permission',
        `Google denied the service account access; grant it BigQuery Data Viewer on the export dataset and BigQuery Job User on project ${this.#projectId}: ${said}`,
      );
    }
    if (reply.status === 404) return new PermanentConnectorError('gcp', 'request', `BigQuery could not find the export table ${this.#settings.table} or project ${this.#projectId}: ${said}`);
    return new PermanentConnectorError('gcp', 'request', `BigQuery refused the query (HTTP ${reply.status}): ${said}`);
  }
}

/** A BigQuery row holds one cell, the row's JSON text. */
function rowJson(row: JsonValue, sourceRow: number): JsonValue {
  const cells = isJsonObject(row) && Array.isArray(row['f']) ? row['f'] : null;
  const cell = cells?.[0];
  const value = isJsonObject(cell) ? cell['v'] : undefined;
  if (typeof value !== 'string') throw malformed(`row ${sourceRow} without its JSON cell`);
  try {
    return parseJsonKeepingNumbers(value);
  } catch {
    throw malformed(`row ${sourceRow} whose cell is not JSON`);
  }
}

function bigQueryError(reply: HttpReply): { message: string | null; reason: string | null } {
  let json: JsonValue = null;
  try {
    json = reply.text ? parseJsonKeepingNumbers(reply.text) : null;
  } catch {
    return { message: reply.text.slice(0, 300) || null, reason: null };
  }
  const error = isJsonObject(json) && isJsonObject(json['error']) ? json['error'] : null;
  const first = error && Array.isArray(error['errors']) && isJsonObject(error['errors'][0]) ? error['errors'][0] : null;
  return {
    message: error && typeof error['message'] === 'string' ? error['message'] : null,
    reason: first && typeof first['reason'] === 'string' ? first['reason'] : null,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(what: string): PermanentConnectorError {
  return new PermanentConnectorError('gcp', 'response', `BigQuery answered with ${what}.`);
}
