import type { CostProvider } from '@apex/contracts';
import { AzureCredentials, secretValues } from '../../credentials/cost-credentials';
import type { AzureConnectionSettings } from '../connection-settings';
import { ExpiredPageTokenError, PermanentConnectorError, RetryableConnectorError } from '../connector-errors';
import type { CostConnector, CostPage, CostPeriod } from '../cost-connector';
import { addDays, assertCostPeriod, lastFullDay } from '../shared/cost-period';
import { isJsonObject, JsonValue } from '../shared/lossless-json';
import { HttpCallContext, HttpReply, isRetryableStatus, readJson, sendHttp, unavailable } from '../shared/provider-http';
import { firstLine, redactSecrets } from '../shared/redact';
import { mapCostManagementQuery } from './cost-management-query.mapper';

export interface AzureConnectorOptions {
  /** Microsoft Entra sign-in host, `https://login.microsoftonline.com` in Azure's public cloud. */
  loginBaseUrl: string;
  /** Azure Resource Manager, `https://management.azure.com` in Azure's public cloud. */
  managementBaseUrl: string;
  requestTimeoutMs: number;
}

const API_VERSION = '2023-11-01';
const MANAGEMENT_SCOPE = 'https://management.azure.com/.default';
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * Azure costs through the Cost Management query API: daily cost by service and meter for the connection's scope,
 * signed in with the OAuth2 client-credentials grant of an app registration. The page token is the `nextLink`
 * Azure returns, which is followed only on the management host (it carries the bearer token).
 */
export class AzureCostManagementConnector implements CostConnector {
  readonly provider: CostProvider = 'azure';
  readonly #credentials: AzureCredentials;
  readonly #settings: AzureConnectionSettings;
  readonly #options: AzureConnectorOptions;
  readonly #secrets: string[];
  #token: { value: string; expiresAt: number } | null = null;

  constructor(credentials: AzureCredentials, settings: AzureConnectionSettings, options: AzureConnectorOptions) {
    this.#credentials = credentials;
    this.#settings = settings;
    this.#options = { ...options, loginBaseUrl: options.loginBaseUrl.replace(/\/+$/, ''), managementBaseUrl: options.managementBaseUrl.replace(/\/+$/, '') };
    this.#secrets = secretValues(credentials);
  }

  async verify(): Promise<void> {
    await this.#query(this.#queryUrl(), lastFullDay(), null);
  }

  async fetchPage(period: CostPeriod, pageToken: string | null): Promise<CostPage> {
    assertCostPeriod('azure', period);
    const url = pageToken === null ? this.#queryUrl() : this.#nextLinkUrl(pageToken);
    const properties = await this.#query(url, period, pageToken);
    const nextLink = isJsonObject(properties) && typeof properties['nextLink'] === 'string' && properties['nextLink'] ? properties['nextLink'] : null;
    if (nextLink !== null && !this.#isManagementQueryUrl(nextLink)) {
      throw new PermanentConnectorError('azure', 'response', 'Azure Cost Management answered with a nextLink outside Azure Resource Manager.');
    }
    return { rows: properties === null ? [] : mapCostManagementQuery(properties, { period, scope: this.#settings.scope }), nextPageToken: nextLink };
  }

  #queryUrl(): string {
    return `${this.#options.managementBaseUrl}/${this.#settings.scope}/providers/Microsoft.CostManagement/query?api-version=${API_VERSION}`;
  }

  /** A nextLink is only followed on the management host, so the bearer token never goes anywhere else. */
  #nextLinkUrl(nextLink: string): string {
    if (!this.#isManagementQueryUrl(nextLink)) {
      throw new ExpiredPageTokenError('azure', 'The page token is not an Azure Cost Management query link; start the period again.');
    }
    return nextLink;
  }

  #isManagementQueryUrl(link: string): boolean {
    try {
      const url = new URL(link);
      return url.origin === new URL(this.#options.managementBaseUrl).origin && /\/providers\/Microsoft\.CostManagement\/query$/i.test(url.pathname);
    } catch {
      return false;
    }
  }

  async #query(url: string, period: CostPeriod, pageToken: string | null): Promise<JsonValue | null> {
    const context = this.#context('Azure Cost Management query');
    const body = JSON.stringify({
      type: this.#settings.costType,
      timeframe: 'Custom',
      timePeriod: { from: `${period.start}T00:00:00Z`, to: `${addDays(period.end, -1)}T23:59:59Z` },
      dataset: {
        granularity: 'Daily',
        aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
        grouping: [
          { type: 'Dimension', name: 'ServiceName' },
          { type: 'Dimension', name: 'Meter' },
        ],
      },
    });
    const reply = await sendHttp(
      { method: 'POST', url, headers: { authorization: `Bearer ${await this.#accessToken()}`, 'content-type': 'application/json' }, body },
      context,
    );
    if (reply.status === 204) return null;
    if (reply.status < 300) {
      const json = readJson(reply, context);
      return isJsonObject(json) ? (json['properties'] ?? null) : json;
    }
    throw this.#queryFailure(reply, context, pageToken !== null);
  }

  #queryFailure(reply: HttpReply, context: HttpCallContext, followingPage: boolean): Error {
    const { code, message } = armError(reply);
    const said = redactSecrets(firstLine(message ?? code ?? `HTTP ${reply.status}`), this.#secrets);
    if (reply.status === 401 && /expired/i.test(`${code} ${message}`)) {
      this.#token = null;
      return new RetryableConnectorError('azure', `Azure says the access token has expired: ${said}`);
    }
    if (isRetryableStatus(reply.status)) return unavailable(reply, context, message);
    if (followingPage && reply.status === 400 && /skiptoken|nextlink|continuation/i.test(`${code} ${message}`)) {
      return new ExpiredPageTokenError('azure', `Azure Cost Management no longer accepts the page link: ${said}`);
    }
    if (reply.status === 401) return new PermanentConnectorError('azure', 'credentials', `Azure rejected the app registration's access token: ${said}`);
    if (reply.status === 403) {
      return new PermanentConnectorError(
        'azure',
        'permission',
        `Azure denied the app registration access to cost data at ${this.#settings.scope}; assign it the Cost Management Reader role there: ${said}`,
      );
    }
    if (reply.status === 404) return new PermanentConnectorError('azure', 'request', `Azure could not find the scope ${this.#settings.scope}: ${said}`);
    return new PermanentConnectorError('azure', 'request', `Azure Cost Management refused the query (HTTP ${reply.status}): ${said}`);
  }

  async #accessToken(): Promise<string> {
    if (this.#token && this.#token.expiresAt - Date.now() > REFRESH_BEFORE_EXPIRY_MS) return this.#token.value;
    const context = this.#context('Azure sign-in');
    const reply = await sendHttp(
      {
        method: 'POST',
        url: `${this.#options.loginBaseUrl}/${encodeURIComponent(this.#credentials.tenantId)}/oauth2/v2.0/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.#credentials.clientId,
          client_secret: this.#credentials.clientSecret.reveal(),
          scope: MANAGEMENT_SCOPE,
        }).toString(),
      },
      context,
    );
    const json = reply.text ? readJson(reply, context) : null;
    const field = (name: string) => (isJsonObject(json) && typeof json[name] === 'string' ? (json[name] as string) : null);
    if (reply.status >= 300) {
      const description = field('error_description') ?? field('error') ?? `HTTP ${reply.status}`;
      if (isRetryableStatus(reply.status)) throw unavailable(reply, context, description);
      throw new PermanentConnectorError(
        'azure',
        'credentials',
        redactSecrets(`Azure rejected the app registration's credentials: ${firstLine(description)}`, this.#secrets),
      );
    }
    const token = field('access_token');
    if (!token) throw new PermanentConnectorError('azure', 'response', 'Azure sign-in answered without an access token.');
    const expiresIn = Number(field('expires_in') ?? 3599);
    this.#token = { value: token, expiresAt: Date.now() + (Number.isFinite(expiresIn) ? expiresIn : 3599) * 1000 };
    return token;
  }

  #context(what: string): HttpCallContext {
    return { provider: 'azure', what, timeoutMs: this.#options.requestTimeoutMs, secrets: [...this.#secrets, ...(this.#token ? [this.#token.value] : [])] };
  }
}

function armError(reply: HttpReply): { code: string | null; message: string | null } {
  let json: JsonValue = null;
  try {
    json = reply.text ? (JSON.parse(reply.text) as JsonValue) : null;
  } catch {
    return { code: null, message: reply.text.slice(0, 300) || null };
  }
  const error = isJsonObject(json) && isJsonObject(json['error']) ? json['error'] : null;
  return {
    code: error && typeof error['code'] === 'string' ? error['code'] : null,
    message: error && typeof error['message'] === 'string' ? error['message'] : null,
  };
}
