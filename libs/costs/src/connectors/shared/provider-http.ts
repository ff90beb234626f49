import type { CostProvider } from '@apex/contracts';
import { PermanentConnectorError, RetryableConnectorError } from '../connector-errors';
import { JsonValue, parseJsonKeepingNumbers } from './lossless-json';
import { firstLine, redactSecrets } from './redact';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpCallContext {
  provider: CostProvider;
  /** What the call does, for messages: "Azure Cost Management query". */
  what: string;
  timeoutMs: number;
  /** Credential values to keep out of every message. */
  secrets: readonly string[];
}

/** Sends one request; an unreachable host, a reset connection or a timeout is a retryable error. */
export async function sendHttp(request: HttpRequest, context: HttpCallContext): Promise<HttpReply> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'error',
      signal: AbortSignal.timeout(context.timeoutMs),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    const reason = describeNetworkFailure(error, context.timeoutMs);
    throw new RetryableConnectorError(context.provider, redactSecrets(`${context.what} failed: ${reason}`, context.secrets));
  }
}

function describeNetworkFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  }
  const cause = error instanceof Error ? (error as Error & { cause?: { code?: string; message?: string } }).cause : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** Throttling, a timeout on the provider's side and any 5xx are worth repeating. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

const RETRY_AFTER_SECONDS_HEADERS = [
  'retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-clienttype-retry-after',
];

/**
 * How long the provider asked us to wait, in milliseconds: `retry-after-ms`, `Retry-After` (seconds or an HTTP
 * date) and Azure Cost Management's own retry-after headers; the longest wins. Null when it said nothing usable.
 */
export function retryAfterMs(headers: Headers | Record<string, string | undefined>, now = Date.now()): number | null {
  const get = (name: string): string | undefined =>
    headers instanceof Headers ? (headers.get(name) ?? undefined) : lookup(headers, name);
  const waits: number[] = [];
  const millis = Number(get('retry-after-ms'));
  if (get('retry-after-ms') !== undefined && Number.isFinite(millis) && millis >= 0) waits.push(millis);
  for (const name of RETRY_AFTER_SECONDS_HEADERS) {
    const value = get(name)?.trim();
    if (!value) continue;
    if (/^\d+(\.\d+)?$/.test(value)) waits.push(Math.round(Number(value) * 1000));
    else {
      const date = Date.parse(value);
      if (!Number.isNaN(date)) waits.push(Math.max(0, date - now));
    }
  }
  return waits.length ? Math.max(...waits) : null;
}

function lookup(headers: Record<string, string | undefined>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** The body of a reply as JSON with numbers kept as text; an unreadable body is a permanent `response` failure. */
export function readJson(reply: HttpReply, context: HttpCallContext): JsonValue {
  try {
    return parseJsonKeepingNumbers(reply.text);
  } catch {
    const excerpt = firstLine(redactSecrets(reply.text, context.secrets), 200);
    throw new PermanentConnectorError(
      context.provider,
      'response',
      `${context.what} answered with HTTP ${reply.status} and a body that is not JSON: ${excerpt || '(empty)'}`,
    );
  }
}

/** A retryable error for a throttled or failing provider, with its retry-after hint. */
export function unavailable(reply: HttpReply, context: HttpCallContext, providerMessage: string | null): RetryableConnectorError {
  const what = reply.status === 429 ? `${context.what} is throttled (HTTP 429)` : `${context.what} failed with HTTP ${reply.status}`;
  const detail = providerMessage ? `: ${firstLine(providerMessage)}` : '';
  return new RetryableConnectorError(
    context.provider,
    redactSecrets(`${what}${detail}`, context.secrets),
    retryAfterMs(reply.headers),
  );
}
