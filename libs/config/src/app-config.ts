import { z } from 'zod';
import type { FeatureFlag } from '@apex/contracts';
import { ConfigError, ConfigIssue } from './config-error';
import { LlmConfig, llmConfigOf, llmIssues } from './llm-config';
import { ProofConfig, proofConfigOf, proofIssues } from './proof-config';
import { appSchema, AppEnv } from './schema';
import { ThrottlingConfig, throttlingConfigOf } from './throttling-config';

type Env = Record<string, string | undefined>;

function describeReceived(env: Env, variable: string): string {
  const value = env[variable];
  if (value === undefined || value === '') return 'not set';
  return /URL$|SECRET$|KEY$/.test(variable) ? 'an invalid value' : JSON.stringify(value);
}

function toIssues(error: z.ZodError, env: Env): ConfigIssue[] {
  return error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(environment)');
    return { variable, expected: issue.message, received: describeReceived(env, variable) };
  });
}

/** The validated configuration of an API or worker process. */
export class AppConfig {
  readonly http: { port: number; appUrl: string; bodyLimit: string; corsOrigin: string };
  readonly database: { url: string; poolSize: number };
  readonly temporal: { address: string; namespace: string; taskQueue: string };
  readonly email: { smtpUrl: string; from: string; salesInbox: string };
  readonly auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    refreshReuseGraceSeconds: number;
    emailVerificationTtlHours: number;
  };
  readonly logging: { level: AppEnv['LOG_LEVEL']; env: AppEnv['NODE_ENV'] };
  /** Defaults of the feature flags; an operator's override in the database wins. */
  readonly flags: Record<FeatureFlag, boolean>;
  readonly metering: { reconciliationEvery: string };
  readonly billing: {
    stripeSecretKey: string | undefined;
    stripeWebhookSecret: string | undefined;
    stripeApiUrl: string | undefined;
    webhookToleranceSeconds: number;
    trialDays: number;
    trialReminderDays: number[];
    dunningRetryDays: number[];
    contractInvoiceDaysDue: number;
    settleAfterHours: number;
  };
  readonly costs: { credentialsKey: Buffer | undefined; backfillMonths: number; syncEvery: string; fileMaxBytes: number };
  /** The language model that writes run narratives; null when not configured. */
  readonly llm: LlmConfig | null;
  /** Proofs of savings: the signing key (always set in production) and the reporting period. */
  readonly proofs: ProofConfig;
  /** ROI before sign-up: the sandbox upload limit in bytes, a sandbox's lifetime, and sandboxes per address an hour. */
  readonly sandbox: { maxUploadBytes: number; lifetimeHours: number; ratePerHour: number };
  /** Limits on sign-in, sign-up, password resets and token or API-key guesses, and which proxies to believe. */
  readonly throttling: ThrottlingConfig;

  private constructor(env: AppEnv) {
    this.http = { port: env.PORT, appUrl: env.APP_URL.replace(/\/$/, ''), bodyLimit: env.BODY_LIMIT, corsOrigin: new URL(env.CORS_ORIGIN).origin };
    this.database = { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE };
    this.temporal = {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
    };
    this.email = { smtpUrl: env.SMTP_URL, from: env.EMAIL_FROM, salesInbox: env.SALES_INBOX };
    this.auth = {
      jwtSecret: env.JWT_SECRET,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS,
      emailVerificationTtlHours: env.EMAIL_VERIFICATION_TTL_HOURS,
    };
    this.logging = { level: env.LOG_LEVEL, env: env.NODE_ENV };
    this.flags = {
      payments_enabled: env.FLAG_PAYMENTS_ENABLED,
      trial_enabled: env.FLAG_TRIAL_ENABLED,
      usage_limits_enforced: env.FLAG_USAGE_LIMITS_ENFORCED,
      cloud_billing_integration: env.FLAG_CLOUD_BILLING_INTEGRATION,
    };
    this.metering = { reconciliationEvery: env.USAGE_RECONCILIATION_EVERY };
    this.billing = {
      stripeSecretKey: env.STRIPE_SECRET_KEY,
      stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET,
      stripeApiUrl: env.STRIPE_API_URL?.replace(/\/$/, ''),
      webhookToleranceSeconds: env.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
      trialDays: env.TRIAL_DAYS,
      trialReminderDays: [...env.TRIAL_REMINDER_DAYS].sort((a, b) => b - a),
      dunningRetryDays: [...env.DUNNING_RETRY_DAYS].sort((a, b) => a - b),
      contractInvoiceDaysDue: env.CONTRACT_INVOICE_DAYS_DUE,
      settleAfterHours: env.BILLING_SETTLE_AFTER_HOURS,
    };
    this.costs = {
      credentialsKey: env.CREDENTIALS_KEY ? Buffer.from(env.CREDENTIALS_KEY, 'base64') : undefined,
      backfillMonths: env.COST_BACKFILL_MONTHS,
      syncEvery: env.COST_SYNC_EVERY,
      fileMaxBytes: env.COST_FILE_MAX_SIZE,
    };
    this.llm = llmConfigOf(env);
    this.proofs = proofConfigOf(env);
    this.sandbox = { maxUploadBytes: env.SANDBOX_MAX_UPLOAD_SIZE, lifetimeHours: env.SANDBOX_LIFETIME_HOURS, ratePerHour: env.SANDBOX_RATE_LIMIT_PER_HOUR };
    this.throttling = throttlingConfigOf(env);
  }

  /** Parses the environment; throws a ConfigError naming every bad variable. */
  static fromEnv(env: Env = process.env): AppConfig {
    const parsed = appSchema.safeParse(env);
    if (!parsed.success) throw new ConfigError(toIssues(parsed.error, env));
    const incomplete = [...llmIssues(parsed.data), ...proofIssues(parsed.data)];
    if (incomplete.length > 0) throw new ConfigError(incomplete);
    return new AppConfig(parsed.data);
  }
}
