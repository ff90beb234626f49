import { z } from 'zod';

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
 * Payments and cloud billing need credentials and stay off until configured; trials and usage limits are
 * part of the product as sold and are on.
 */
export const flagsSchema = z.object({
  FLAG_PAYMENTS_ENABLED: flag(false),
  FLAG_TRIAL_ENABLED: flag(true),
  FLAG_USAGE_LIMITS_ENFORCED: flag(true),
  FLAG_CLOUD_BILLING_INTEGRATION: flag(false),
});

export const meteringSchema = z.object({
  USAGE_RECONCILIATION_EVERY: z
    .string()
    .trim()
    .regex(/^[1-9]\d*(m|h|d)$/, 'an interval like 30m, 1h or 1d')
    .default('1h'),
});

export const appSchema = httpSchema
  .extend(databaseSchema.shape)
  .extend(temporalSchema.shape)
  .extend(emailSchema.shape)
  .extend(authSchema.shape)
  .extend(loggingSchema.shape)
  .extend(flagsSchema.shape)
  .extend(meteringSchema.shape);

export type AppEnv = z.infer<typeof appSchema>;
