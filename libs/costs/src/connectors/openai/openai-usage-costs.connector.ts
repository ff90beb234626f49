import type { CanonicalCostRow, CostProvider } from '@apex/contracts';
import { OpenAiCredentials, secretValues } from '../../credentials/cost-credentials';
import { ExpiredPageTokenError, PermanentConnectorError } from '../connector-errors';
import type { CostConnector, CostPage, CostPeriod } from '../cost-connector';
import { assertCostPeriod, lastFullDay, unixSeconds } from '../shared/cost-period';
import { isJsonObject, JsonValue } from '../shared/lossless-json';
import { decodePageToken, encodePageToken } from '../shared/page-token';
import { HttpCallContext, HttpReply, isRetryableStatus, readJson, sendHttp, unavailable } from '../shared/provider-http';
import { firstLine, redactSecrets } from '../shared/redact';
import { mapOpenAiCosts, mapOpenAiUsage } from './openai-usage.mapper';

export interface OpenAiConnectorOptions {
  /** `https://api.openai.com`. */
  baseUrl: string;
  requestTimeoutMs: number;
}

interface Stage {
  path: string;
  groupBy: string[];
  map(page: JsonValue): CanonicalCostRow[];
}

/** Costs first (the money), then the usage endpoints (tokens and requests per model). */
const STAGES: Stage[] = [
  { path: '/v1/organization/costs', groupBy: ['line_item', 'project_id'], map: mapOpenAiCosts },
  { path: '/v1/organization/usage/completions', groupBy: ['model', 'project_id'], map: (page) => mapOpenAiUsage(page, 'completions') },
  { path: '/v1/organization/usage/embeddings', groupBy: ['model', 'project_id'], map: (page) => mapOpenAiUsage(page, 'embeddings') },
];

interface Cursor {
  stage: number;
  page: string | null;
}

const isCursor = (value: unknown): value is Cursor =>
  typeof value === 'object' &&
  value !== null &&
  Number.isInteger((value as Cursor).stage) &&
  (value as Cursor).stage >= 0 &&
  (value as Cursor).stage < STAGES.length &&
  ((value as Cursor).page === null || typeof (value as Cursor).page === 'string');

/** OpenAI's limit for daily buckets on the usage endpoints; the costs endpoint allows more. */
const BUCKETS_PER_PAGE = 31;

/**
 * OpenAI organisation costs and usage with an admin key: daily cost buckets by line item and project, then daily
 * completions and embeddings usage by model and project. The page token names the endpoint and OpenAI's own
 * `next_page` cursor, so the pages of all three endpoints form one sequence for the period.
 */
export class OpenAiUsageCostsConnector implements CostConnector {
  readonly provider: CostProvider = 'openai';
  readonly #adminKey: string;
  readonly #options: OpenAiConnectorOptions;
  readonly #secrets: string[];

  constructor(credentials: OpenAiCredentials, options: OpenAiConnectorOptions) {
    this.#adminKey = credentials.adminKey.reveal();
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
    this.#secrets = secretValues(credentials);
  }

  async verify(): Promise<void> {
    const day = lastFullDay();
    await this.#get(STAGES[0].path, new URLSearchParams({ start_time: String(unixSeconds(day.start)), bucket_width: '1d', limit: '1' }), false);
  }

  async fetchPage(period: CostPeriod, pageToken: string | null): Promise<CostPage> {
    assertCostPeriod('openai', period);
    const cursor: Cursor = pageToken === null ? { stage: 0, page: null } : decodePageToken('openai', pageToken, isCursor);
    const stage = STAGES[cursor.stage];
    const query = new URLSearchParams({
      start_time: String(unixSeconds(period.start)),
      end_time: String(unixSeconds(period.end)),
      bucket_width: '1d',
      limit: String(BUCKETS_PER_PAGE),
    });
    for (const field of stage.groupBy) query.append('group_by', field);
    if (cursor.page) query.set('page', cursor.page);

    const page = await this.#get(stage.path, query, cursor.page !== null);
    const rows = stage.map(page);
    const nextPage = isJsonObject(page) && page['has_more'] === true && typeof page['next_page'] === 'string' && page['next_page'] ? page['next_page'] : null;
    const next: Cursor | null = nextPage ? { stage: cursor.stage, page: nextPage } : cursor.stage + 1 < STAGES.length ? { stage: cursor.stage + 1, page: null } : null;
    return { rows, nextPageToken: next ? encodePageToken(next) : null };
  }

  async #get(path: string, query: URLSearchParams, followingPage: boolean): Promise<JsonValue> {
    const context: HttpCallContext = { provider: 'openai', what: `OpenAI ${path}`, timeoutMs: this.#options.requestTimeoutMs, secrets: this.#secrets };
    const reply = await sendHttp(
      { method: 'GET', url: `${this.#options.baseUrl}${path}?${query}`, headers: { authorization: `Bearer ${this.#adminKey}` } },
      context,
    );
    if (reply.status < 300) return readJson(reply, context);
    throw this.#failure(reply, context, followingPage);
  }

  #failure(reply: HttpReply, context: HttpCallContext, followingPage: boolean): Error {
    const message = openAiErrorMessage(reply);
    const said = redactSecrets(firstLine(message ?? `HTTP ${reply.status}`), this.#secrets);
    if (isRetryableStatus(reply.status)) return unavailable(reply, context, message);
    if (reply.status === 401) return new PermanentConnectorError('openai', 'credentials', `OpenAI rejected the admin key: ${said}`);
    if (reply.status === 403) {
      return new PermanentConnectorError(
        'openai',
        'permission',
        `OpenAI refused this key access to usage and costs; use an organization admin key (Organization settings → Admin keys): ${said}`,
      );
    }
    if (followingPage && reply.status === 400 && /\bpage\b|cursor/i.test(message ?? '')) {
      return new ExpiredPageTokenError('openai', `OpenAI no longer accepts the page cursor: ${said}`);
    }
    return new PermanentConnectorError('openai', 'request', `OpenAI refused the request (HTTP ${reply.status}): ${said}`);
  }
}

function openAiErrorMessage(reply: HttpReply): string | null {
  try {
    const json = JSON.parse(reply.text) as { error?: { message?: unknown } };
    return typeof json.error?.message === 'string' ? json.error.message : null;
  } catch {
    return reply.text.slice(0, 300) || null;
  }
}
