import { z } from 'zod';
import type { ApiCostProvider } from '../credentials/cost-credentials';
import { InvalidConnectionInputError } from '../credentials/invalid-connection-input';
import { isAzureCostScope } from './azure/azure-scope';

/** Cost Explorer lives in us-east-1 (cn-northwest-1 for the China partition). */
export interface AwsConnectionSettings {
  region: string;
}

export interface AzureConnectionSettings {
  /** Where the costs are read: a subscription, a resource group, a billing account or profile, a management group. */
  scope: string;
  /** AmortizedCost spreads reservation purchases over their term; ActualCost shows them as billed. */
  costType: 'AmortizedCost' | 'ActualCost';
}

export interface GcpConnectionSettings {
  /** `project.dataset.table` of the usage cost export, or of a FOCUS view over it. */
  table: string;
  /** `standard` usage cost export, `detailed` (resource-level) usage cost export, or a `focus` view. */
  format: 'standard' | 'detailed' | 'focus';
  /** Project that runs (and pays for) the queries; the key's own project when null. */
  jobProjectId: string | null;
  /** Dataset location ("US", "EU", "europe-west1"), when it is not the default. */
  location: string | null;
}

export type OpenAiConnectionSettings = Record<string, never>;

export interface ConnectionSettingsByProvider {
  aws: AwsConnectionSettings;
  azure: AzureConnectionSettings;
  gcp: GcpConnectionSettings;
  openai: OpenAiConnectionSettings;
}

const gcpProject = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

const schemas = {
  aws: z.strictObject({
    region: z
      .string()
      .trim()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1')
      .default('us-east-1'),
  }),
  azure: z.strictObject({
    scope: z
      .string()
      .trim()
      .transform((scope) => scope.replace(/^\/+|\/+$/g, ''))
      .refine(
        isAzureCostScope,
        'a scope such as subscriptions/<id>, subscriptions/<id>/resourceGroups/<name>, providers/Microsoft.Billing/billingAccounts/<id>[/billingProfiles/<id>] or providers/Microsoft.Management/managementGroups/<id>',
      ),
    costType: z.enum(['AmortizedCost', 'ActualCost']).default('AmortizedCost'),
  }),
  gcp: z.strictObject({
    table: z
      .string()
      .trim()
      .refine((table) => {
        const [project, dataset, name, ...rest] = table.split('.');
        return (
          rest.length === 0 &&
          gcpProject.test(project ?? '') &&
          /^\w{1,1024}$/.test(dataset ?? '') &&
          /^[\w$-]{1,1024}$/.test(name ?? '')
        );
      }, 'project.dataset.table of the billing export'),
    format: z.enum(['standard', 'detailed', 'focus']).default('standard'),
    jobProjectId: z.string().trim().regex(gcpProject, 'a project id').nullable().default(null),
    location: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{2,40}$/, 'a BigQuery location such as US, EU or europe-west1')
      .nullable()
      .default(null),
  }),
  openai: z.strictObject({}),
};

/** Checks a connection's settings (not secret, stored as JSON) and fills the defaults. */
export function parseConnectionSettings<P extends ApiCostProvider>(provider: P, input: unknown): ConnectionSettingsByProvider[P] {
  const parsed = schemas[provider].safeParse(input ?? {});
  if (!parsed.success) throw InvalidConnectionInputError.fromZod('settings', parsed.error);
  return parsed.data as ConnectionSettingsByProvider[P];
}
