import { isIP } from 'node:net';
import { z } from 'zod';
import { isProofSigningKey, PROOF_SIGNING_KEY_EXPECTED } from './proof-config';

const url = (protocols: string[], example: string) =>
  z
    .string({ error: `a URL like ${example}` })
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL like ${example}`);

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'a TCP port number' })
    .int('a whole TCP port number')
    .min(1, 'a TCP port between 1 and 65535')
    .max(65535, 'a TCP port between 1 and 65535')
    .default(fallback);

const hostPort = z
  .string({ error: 'host:port of a Temporal frontend, like localhost:7233' })
  .trim()
  .regex(/^[^\s:/]+:\d{1,5}$/, 'host:port of a Temporal frontend, like localhost:7233');

const email = z.string().trim().min(3);

export const httpSchema = z.object({
  PORT: port(3000),
  APP_URL: url(['http:', 'https:'], 'http://localhost:4200').default('http://localhost:4200'),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/, 'a size like 100kb or 1mb').default('100kb'),
  /** The one origin browsers may call the API from: the portal's. */
  CORS_ORIGIN: url(['http:', 'https:'], 'https://app.apex.example')
    .refine((value) => URL.canParse(value) && new URL(value).origin === value.replace(/\/$/, ''), 'an origin (scheme, host and port only) like https://app.apex.example')
    .default('http://localhost:4200'),
});

export const databaseSchema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://apex:apex@localhost:5432/apex'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

export const temporalSchema = z.object({
  TEMPORAL_ADDRESS: hostPort,
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default('apex-main'),
});

export const emailSchema = z.object({
  SMTP_URL: url(['smtp:', 'smtps:'], 'smtp://localhost:1025'),
  EMAIL_FROM: email.default('Apex <hello@apex.local>'),
  SALES_INBOX: email.default('sales@apex.local'),
});

export const authSchema = z.object({
  JWT_SECRET: z
    .string({ error: 'a random secret of at least 32 characters' })
    .min(32, 'a random secret of at least 32 characters'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** A refresh token presented again this soon after its rotation answers the same new session (a retry, not theft). */
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  EMAIL_VERIFICATION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(48),
});

export const loggingSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
});

const flag = (fallback: boolean) =>
  z
    .stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off'], error: 'true or false' })
    .default(fallback);

/**
 * Defaults of the runtime feature flags; operators override them in the database without a restart.
 * Payments need Stripe credentials and stay off until configured; trials, usage limits and cost connections
 * (each connection brings its own credentials) are part of the product as sold and are on.
 */
export const flagsSchema = z.object({
  FLAG_PAYMENTS_ENABLED: flag(false),
  FLAG_TRIAL_ENABLED: flag(true),
  FLAG_USAGE_LIMITS_ENFORCED: flag(true),
  FLAG_CLOUD_BILLING_INTEGRATION: flag(true),
});

export const meteringSchema = z.object({
  USAGE_RECONCILIATION_EVERY: z
    .string()
    .trim()
    .regex(/^[1-9]\d*(m|h|d)$/, 'an interval like 30m, 1h or 1d')
    .default('1h'),
});

const days = (fallback: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+(,\d+)*$/, 'whole days separated by commas, like 3,5,7')
    .default(fallback)
    .transform((value) => value.split(',').map(Number));

const optionalSecret = (example: string) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.string().trim().min(8, example).optional());

export const billingSchema = z.object({
  STRIPE_SECRET_KEY: optionalSecret('a Stripe secret key, like sk_test_...'),
  STRIPE_WEBHOOK_SECRET: optionalSecret('a Stripe webhook signing secret, like whsec_...'),
  /** Another server that speaks Stripe's API (tests, local development); unset means api.stripe.com. */
  STRIPE_API_URL: url(['http:', 'https:'], 'http://localhost:12111').optional(),
  STRIPE_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  TRIAL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Days before the trial ends on which a reminder is sent. */
  TRIAL_REMINDER_DAYS: days('3,1'),
  /** Days after a failed payment on which it is retried; access is kept until the last one. */
  DUNNING_RETRY_DAYS: days('3,5,7'),
  /**
   * Hours after a billing period ends before its AI spend is measured and charged: providers deliver cost data a
   * day or two late, and a period is priced on the spend it really had.
   */
  BILLING_SETTLE_AFTER_HOURS: z.coerce.number().int().min(0).max(168).default(48),
  /** Days an Enterprise customer has to pay each contract invoice, which Stripe sends rather than charges. */
  CONTRACT_INVOICE_DAYS_DUE: z.coerce.number().int().min(1).max(365).default(30),
});

export const costsSchema = z.object({
  /** 32 bytes, base64: encrypts provider credentials at rest (AES-256-GCM). */
  CREDENTIALS_KEY: z
    .preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string()
        .trim()
        .refine((value) => Buffer.from(value, 'base64').length === 32, '32 random bytes in base64 (openssl rand -base64 32)')
        .optional(),
    ),
  COST_BACKFILL_MONTHS: z.coerce.number().int().min(1).max(36).default(3),
  COST_SYNC_EVERY: z
    .string()
    .trim()
    .regex(/^[1-9]\d*(m|h|d)$/, 'an interval like 30m, 6h or 1d')
    .default('1d'),
  /** Largest FOCUS file upload, as sent (compressed or not): a size like 500mb or 2gb. */
  COST_FILE_MAX_SIZE: z
    .string()
    .trim()
    .regex(/^\d+(kb|mb|gb)$/, 'a size like 500mb or 2gb')
    .default('2gb')
    .transform((value) => Number(value.slice(0, -2)) * 1024 ** { kb: 1, mb: 2, gb: 3 }[value.slice(-2) as 'kb' | 'mb' | 'gb']),
});

const optionalText = (example: string) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.string().trim().min(1, example).optional());

/** An optional OpenAI-compatible API that writes run narratives around computed figures; all three or none. */
export const llmSchema = z.object({
  LLM_API_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    url(['http:', 'https:'], 'http://127.0.0.1:8080/v1').optional(),
  ),
  LLM_API_KEY: optionalText('an API key for the language model'),
  LLM_MODEL: optionalText('a model name, like gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
});

/** Proofs of savings: the key that signs their reports (required in production) and their reporting period. */
export const proofsSchema = z.object({
  PROOF_SIGNING_KEY: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().trim().refine(isProofSigningKey, PROOF_SIGNING_KEY_EXPECTED).optional(),
  ),
  PROOF_REPORTING_DAYS: z.coerce.number().int('whole days').min(7, 'at least 7 days').max(90, 'at most 90 days').default(14),
});

/** ROI before sign-up: the largest sandbox upload, how long a sandbox lives, and how many one address may open an hour. */
export const sandboxSchema = z.object({
  SANDBOX_MAX_UPLOAD_SIZE: z
    .string()
    .trim()
    .regex(/^\d+(kb|mb)$/, 'a size like 500kb or 20mb')
    .default('20mb')
    .transform((value) => Number(value.slice(0, -2)) * 1024 ** { kb: 1, mb: 2 }[value.slice(-2) as 'kb' | 'mb']),
  SANDBOX_LIFETIME_HOURS: z.coerce.number().int('whole hours').min(1, 'at least 1 hour').max(168, 'at most 168 hours').default(24),
  SANDBOX_RATE_LIMIT_PER_HOUR: z.coerce.number().int('a whole number').min(1, 'at least 1').max(10_000).default(5),
});

/** An IP address, or a CIDR range whose prefix length fits its family. */
const isProxyEntry = (entry: string) => {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

const count = (fallback: number, max = 100_000) => z.coerce.number().int('a whole number').min(1, 'at least 1').max(max).default(fallback);

/**
 * Throttling of authentication (counted in Postgres, so every API process shares it). Sign-in failures are counted
 * per account and per address in windows of LOGIN_FAILURE_WINDOW_MINUTES: after LOGIN_FAILURES_BEFORE_DELAY an
 * account's next attempt waits 1, 2, 4 … seconds (at most LOGIN_MAX_DELAY_SECONDS); LOGIN_LOCK_AFTER_FAILURES from at
 * least LOGIN_LOCK_MIN_ADDRESSES addresses lock it for LOGIN_LOCK_MINUTES, doubling with each lock of the same day up
 * to LOGIN_LOCK_MAX_MINUTES. Other limits count per address (and per API-key prefix) in windows of
 * THROTTLE_WINDOW_MINUTES, or an hour where the name says so. TRUSTED_PROXIES lists the addresses or CIDR ranges of
 * proxies whose X-Forwarded-For is believed; by default none, so the client is the socket's peer.
 */
export const throttlingSchema = z.object({
  TRUSTED_PROXIES: z
    .string()
    .trim()
    .default('')
    .refine(
      (value) => value === '' || value.split(',').every((entry) => isProxyEntry(entry.trim())),
      'IP addresses or CIDR ranges separated by commas, like 10.0.0.0/8,127.0.0.1',
    )
    .transform((value) => (value === '' ? [] : value.split(',').map((entry) => entry.trim()))),
  LOGIN_FAILURE_WINDOW_MINUTES: count(15, 1440),
  LOGIN_FAILURES_PER_ADDRESS: count(20),
  LOGIN_FAILURES_BEFORE_DELAY: count(5),
  LOGIN_MAX_DELAY_SECONDS: count(60, 3600),
  LOGIN_LOCK_AFTER_FAILURES: count(10),
  LOGIN_LOCK_MIN_ADDRESSES: count(3, 100),
  LOGIN_LOCK_MINUTES: count(15, 1440),
  LOGIN_LOCK_MAX_MINUTES: count(120, 10_080),
  THROTTLE_WINDOW_MINUTES: count(15, 1440),
  PASSWORD_RESET_REQUESTS_PER_ADDRESS_HOUR: count(10),
  SIGN_UPS_PER_ADDRESS_HOUR: count(10),
  LINK_TOKEN_FAILURES_PER_ADDRESS: count(20),
  REFRESH_FAILURES_PER_ADDRESS: count(20),
  API_KEY_FAILURES_PER_PREFIX: count(10),
  API_KEY_FAILURES_PER_ADDRESS: count(30),
});

export const appSchema = httpSchema
  .extend(databaseSchema.shape)
  .extend(temporalSchema.shape)
  .extend(emailSchema.shape)
  .extend(authSchema.shape)
  .extend(loggingSchema.shape)
  .extend(flagsSchema.shape)
  .extend(meteringSchema.shape)
  .extend(billingSchema.shape)
  .extend(costsSchema.shape)
  .extend(llmSchema.shape)
  .extend(proofsSchema.shape)
  .extend(sandboxSchema.shape)
  .extend(throttlingSchema.shape);

export type AppEnv = z.infer<typeof appSchema>;
