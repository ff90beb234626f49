import { createSign } from 'node:crypto';
import type { GcpCredentials } from '../../credentials/cost-credentials';
import { PermanentConnectorError } from '../connector-errors';
import { isJsonObject } from '../shared/lossless-json';
import { HttpCallContext, isRetryableStatus, readJson, sendHttp, unavailable } from '../shared/provider-http';
import { firstLine, redactSecrets } from '../shared/redact';

const SCOPE = 'https://www.googleapis.com/auth/bigquery';
const LIFETIME_SECONDS = 3600;
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * OAuth access tokens for a service account: a JWT signed with its private key (RS256) exchanged at the token
 * endpoint (the JWT bearer grant). The endpoint is Apex's configuration, never the key file's token_uri.
 */
export class GoogleAccessToken {
  #token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly credentials: GcpCredentials,
    private readonly tokenUrl: string,
    private readonly context: Omit<HttpCallContext, 'what'>,
  ) {}

  async get(): Promise<string> {
    if (this.#token && this.#token.expiresAt - Date.now() > REFRESH_BEFORE_EXPIRY_MS) return this.#token.value;
    const context = { ...this.context, what: 'Google sign-in' };
    const reply = await sendHttp(
      {
        method: 'POST',
        url: this.tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: this.#assertion() }).toString(),
      },
      context,
    );
    const json = reply.text ? readJson(reply, context) : null;
    const field = (name: string) => (isJsonObject(json) && typeof json[name] === 'string' ? (json[name] as string) : null);
    if (reply.status >= 300) {
      const said = [field('error_description'), field('error') && `(${field('error')})`].filter(Boolean).join(' ') || `HTTP ${reply.status}`;
      if (isRetryableStatus(reply.status)) throw unavailable(reply, context, said);
      throw new PermanentConnectorError(
        'gcp',
        'credentials',
        redactSecrets(`Google rejected the service account key of ${this.credentials.clientEmail}: ${firstLine(said)}`, this.context.secrets),
      );
    }
    const token = field('access_token');
    if (!token) throw new PermanentConnectorError('gcp', 'response', 'Google sign-in answered without an access token.');
    const expiresIn = Number(field('expires_in') ?? LIFETIME_SECONDS);
    this.#token = { value: token, expiresAt: Date.now() + (Number.isFinite(expiresIn) ? expiresIn : LIFETIME_SECONDS) * 1000 };
    return token;
  }

  #assertion(): string {
    const now = Math.floor(Date.now() / 1000);
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: this.credentials.privateKeyId })}.${encode({
      iss: this.credentials.clientEmail,
      scope: SCOPE,
      aud: this.tokenUrl,
      iat: now,
      exp: now + LIFETIME_SECONDS,
    })}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(this.credentials.privateKey.reveal()).toString('base64url');
    return `${unsigned}.${signature}`;
  }
}
