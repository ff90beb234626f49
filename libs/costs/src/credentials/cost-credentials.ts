import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import type { CostProvider } from '@apex/contracts';
import { InvalidConnectionInputError } from './invalid-connection-input';
import { SecretString } from './secret-string';

/** Providers reached through an API; `focus_upload` connections have no credentials. */
export const API_COST_PROVIDERS = ['aws', 'azure', 'gcp', 'openai'] as const satisfies readonly CostProvider[];
export type ApiCostProvider = (typeof API_COST_PROVIDERS)[number];

export function isApiCostProvider(provider: string): provider is ApiCostProvider {
  return (API_COST_PROVIDERS as readonly string[]).includes(provider);
}

export interface AwsAccessKeyCredentials {
  provider: 'aws';
  kind: 'access_key';
  accessKeyId: string;
  secretAccessKey: SecretString;
  sessionToken: SecretString | null;
}

/** A role in the customer's account that Apex's own AWS identity assumes through STS. */
export interface AwsAssumeRoleCredentials {
  provider: 'aws';
  kind: 'assume_role';
  roleArn: string;
  externalId: string | null;
}

export type AwsCredentials = AwsAccessKeyCredentials | AwsAssumeRoleCredentials;

/** A Microsoft Entra app registration (service principal) with a client secret. */
export interface AzureCredentials {
  provider: 'azure';
  tenantId: string;
  clientId: string;
  clientSecret: SecretString;
}

/** The parts of a Google service-account JSON key that sign in; its token_uri is ignored on purpose. */
export interface GcpCredentials {
  provider: 'gcp';
  projectId: string;
  clientEmail: string;
  privateKeyId: string;
  privateKey: SecretString;
}

/** An OpenAI organisation admin key (Organization settings → Admin keys). */
export interface OpenAiCredentials {
  provider: 'openai';
  adminKey: SecretString;
}

export type CostCredentials = AwsCredentials | AzureCredentials | GcpCredentials | OpenAiCredentials;
export type CostCredentialsOf<P extends ApiCostProvider> = Extract<CostCredentials, { provider: P }>;

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
const uuid = z.string().trim().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');

const awsInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('access_key'),
    accessKeyId: z.string().trim().regex(/^(AKIA|ASIA)[A-Z0-9]{12,124}$/, 'an access key id (AKIA… or ASIA…)'),
    secretAccessKey: text(256),
    sessionToken: text(4096).optional(),
  }),
  z.strictObject({
    kind: z.literal('assume_role'),
    roleArn: z
      .string()
      .trim()
      .regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'a role ARN (arn:aws:iam::123456789012:role/name)'),
    externalId: z
      .string()
      .trim()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, '2 to 1224 letters, digits or +=,.@:/-')
      .optional(),
  }),
]);

const azureInput = z.strictObject({
  tenantId: z
    .string()
    .trim()
    .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i, 'a tenant id (GUID) or domain'),
  clientId: uuid,
  clientSecret: text(1024),
});

const gcpKey = z.object({
  type: z.literal('service_account', 'a service-account key ("type": "service_account")'),
  project_id: text(128),
  private_key_id: text(128),
  private_key: z
    .string()
    .refine((pem) => isPrivateKey(pem), 'a PEM private key (-----BEGIN PRIVATE KEY-----)'),
  client_email: z.string().trim().regex(/^[^@\s]+@[^@\s]+$/, 'the service account e-mail'),
});

const gcpInput = z.strictObject({
  /** The JSON key file as downloaded, as text or as an object. */
  serviceAccountKey: z.union([z.string(), z.record(z.string(), z.unknown())]),
});

const openAiInput = z.strictObject({ adminKey: z.string().trim().regex(/^sk-[\w-]{8,}$/, 'an admin key (sk-admin-…)') });

function isPrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

/**
 * Checks credentials as a customer sends them (and as they are stored, encrypted) and wraps every secret in a
 * SecretString. Input shapes:
 * - aws: `{kind: 'access_key', accessKeyId, secretAccessKey, sessionToken?}` or `{kind: 'assume_role', roleArn, externalId?}`
 * - azure: `{tenantId, clientId, clientSecret}`
 * - gcp: `{serviceAccountKey}` (the JSON key file, as text or object)
 * - openai: `{adminKey}`
 */
export function parseCostCredentials<P extends ApiCostProvider>(provider: P, input: unknown): CostCredentialsOf<P>;
export function parseCostCredentials(provider: ApiCostProvider, input: unknown): CostCredentials {
  const fail = (error: z.ZodError, prefix: string[] = []) => InvalidConnectionInputError.fromZod('credentials', error, prefix);
  switch (provider) {
    case 'aws': {
      const parsed = awsInput.safeParse(input);
      if (!parsed.success) throw fail(parsed.error);
      const value = parsed.data;
      return value.kind === 'access_key'
        ? {
            provider,
            kind: value.kind,
            accessKeyId: value.accessKeyId,
            secretAccessKey: new SecretString(value.secretAccessKey),
            sessionToken: value.sessionToken ? new SecretString(value.sessionToken) : null,
          }
        : { provider, kind: value.kind, roleArn: value.roleArn, externalId: value.externalId ?? null };
    }
    case 'azure': {
      const parsed = azureInput.safeParse(input);
      if (!parsed.success) throw fail(parsed.error);
      const { tenantId, clientId, clientSecret } = parsed.data;
      return { provider, tenantId, clientId, clientSecret: new SecretString(clientSecret) };
    }
    case 'gcp': {
      const parsed = gcpInput.safeParse(input);
      if (!parsed.success) throw fail(parsed.error);
      const key = parseKeyFile(parsed.data.serviceAccountKey);
      const checked = gcpKey.safeParse(key);
      if (!checked.success) throw fail(checked.error, ['serviceAccountKey']);
      return {
        provider,
        projectId: checked.data.project_id,
        clientEmail: checked.data.client_email,
        privateKeyId: checked.data.private_key_id,
        privateKey: new SecretString(checked.data.private_key),
      };
    }
    case 'openai': {
      const parsed = openAiInput.safeParse(input);
      if (!parsed.success) throw fail(parsed.error);
      return { provider, adminKey: new SecretString(parsed.data.adminKey) };
    }
    default:
      throw new InvalidConnectionInputError('credentials', [{ field: '', message: `${String(provider)} connections take no credentials` }]);
  }
}

function parseKeyFile(key: string | Record<string, unknown>): unknown {
  if (typeof key !== 'string') return key;
  try {
    return JSON.parse(key) as unknown;
  } catch {
    throw new InvalidConnectionInputError('credentials', [
      { field: 'serviceAccountKey', message: 'the JSON key file of a service account' },
    ]);
  }
}

/** The credentials in their input shape with every secret revealed: what gets encrypted, and nothing else. */
export function revealCostCredentials(credentials: CostCredentials): Record<string, unknown> {
  switch (credentials.provider) {
    case 'aws':
      return credentials.kind === 'access_key'
        ? {
            kind: credentials.kind,
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey.reveal(),
            ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken.reveal() } : {}),
          }
        : { kind: credentials.kind, roleArn: credentials.roleArn, ...(credentials.externalId ? { externalId: credentials.externalId } : {}) };
    case 'azure':
      return { tenantId: credentials.tenantId, clientId: credentials.clientId, clientSecret: credentials.clientSecret.reveal() };
    case 'gcp':
      return {
        serviceAccountKey: {
          type: 'service_account',
          project_id: credentials.projectId,
          private_key_id: credentials.privateKeyId,
          private_key: credentials.privateKey.reveal(),
          client_email: credentials.clientEmail,
        },
      };
    case 'openai':
      return { adminKey: credentials.adminKey.reveal() };
  }
}

/** Every secret value of the credentials, for redaction of provider messages. */
export function secretValues(credentials: CostCredentials): string[] {
  switch (credentials.provider) {
    case 'aws':
      return credentials.kind === 'access_key'
        ? [credentials.secretAccessKey.reveal(), ...(credentials.sessionToken ? [credentials.sessionToken.reveal()] : [])]
        : [];
    case 'azure':
      return [credentials.clientSecret.reveal()];
    case 'gcp':
      return [credentials.privateKey.reveal()];
    case 'openai':
      return [credentials.adminKey.reveal()];
  }
}

/**
 * What the portal may show about stored credentials: identifiers, never a secret (an access key id, a role ARN,
 * a client id, a service account e-mail, the last four characters of an admin key).
 */
export function describeCostCredentials(credentials: CostCredentials): string {
  switch (credentials.provider) {
    case 'aws':
      return credentials.kind === 'access_key' ? `access key ${credentials.accessKeyId}` : `role ${credentials.roleArn}`;
    case 'azure':
      return `app ${credentials.clientId} in tenant ${credentials.tenantId}`;
    case 'gcp':
      return `service account ${credentials.clientEmail}`;
    case 'openai':
      return `admin key ending in ${credentials.adminKey.reveal().slice(-4)}`;
  }
}
