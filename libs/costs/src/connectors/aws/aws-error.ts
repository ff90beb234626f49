import { CostConnectorError, ExpiredPageTokenError, PermanentConnectorError, RetryableConnectorError } from '../connector-errors';
import { retryAfterMs } from '../shared/provider-http';
import { firstLine, redactSecrets } from '../shared/redact';

interface AwsServiceError {
  name?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
]);
const NETWORK = /\b(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|TimeoutError|RequestTimeout)\b/;
const PAGE_TOKEN = new Set(['InvalidNextTokenException', 'RequestChangedException']);

/** Turns an AWS SDK error from Cost Explorer or STS into a classified connector error with an actionable message. */
export function translateAwsError(error: unknown, service: 'ce' | 'sts', secrets: readonly string[], roleArn?: string): CostConnectorError {
  if (error instanceof CostConnectorError) return error;
  const failure = (error ?? {}) as AwsServiceError;
  const name = failure.name ?? 'Error';
  const status = failure.$metadata?.httpStatusCode;
  const said = redactSecrets(firstLine(failure.message ?? name), secrets);
  const api = service === 'ce' ? 'AWS Cost Explorer' : 'AWS STS';

  if (PAGE_TOKEN.has(name)) return new ExpiredPageTokenError('aws', `AWS Cost Explorer no longer accepts the page token: ${said}`);
  if (THROTTLING.has(name) || status === 429) {
    return new RetryableConnectorError('aws', `${api} is throttling requests: ${said}`, retryAfterMs(failure.$response?.headers ?? {}));
  }
  if (failure.$fault === 'server' || (status !== undefined && status >= 500) || NETWORK.test(`${failure.code ?? ''} ${name} ${failure.message ?? ''}`)) {
    const state = status ? `is unavailable (HTTP ${status})` : 'could not be reached';
    return new RetryableConnectorError('aws', `${api} ${state}: ${said}`, retryAfterMs(failure.$response?.headers ?? {}));
  }
  switch (name) {
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
      return new PermanentConnectorError('aws', 'credentials', `AWS rejected the access key: ${said}`);
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
    case 'IncompleteSignature':
      return new PermanentConnectorError('aws', 'credentials', `AWS rejected the secret access key: ${said}`);
    case 'ExpiredTokenException':
    case 'ExpiredToken':
      return new PermanentConnectorError('aws', 'credentials', `AWS says the session token has expired; use long-lived keys or a role: ${said}`);
    case 'CredentialsProviderError':
      return new PermanentConnectorError('aws', 'credentials', `Apex has no AWS identity of its own to assume the role with: ${said}`);
    case 'AccessDenied':
    case 'AccessDeniedException':
      return service === 'sts'
        ? new PermanentConnectorError(
            'aws',
            'permission',
            `AWS refused to let Apex assume ${roleArn ?? 'the role'}; check that the role's trust policy names Apex's account and the external id: ${said}`,
          )
        : new PermanentConnectorError('aws', 'permission', `AWS denied access to Cost Explorer; allow ce:GetCostAndUsage for these credentials: ${said}`);
    case 'RegionDisabledException':
      return new PermanentConnectorError('aws', 'permission', `AWS STS is not enabled in this region for the account: ${said}`);
    case 'DataUnavailableException':
      return new PermanentConnectorError('aws', 'request', `AWS Cost Explorer has no data for this account; enable Cost Explorer in the Billing console (data appears within 24 hours): ${said}`);
    case 'BillExpirationException':
      return new PermanentConnectorError('aws', 'request', `AWS Cost Explorer no longer holds cost data this old: ${said}`);
    default:
      return new PermanentConnectorError('aws', 'request', `${api} refused the request (${name}): ${said}`);
  }
}
