import type { NativeFormat } from '../native-format';
import { planAzureConversion } from './azure-conversion';

const names = (header: string[]) => new Set(header.map((name) => name.trim().toLowerCase()));
const hasAll = (present: Set<string>, columns: string[]) => columns.every((column) => present.has(column.toLowerCase()));

/** What every Azure cost details export has: its meters and the service that consumed them. */
const AZURE_SIGNATURE = ['MeterCategory', 'MeterId', 'ConsumedService'];

export const AZURE_EA_COST_DETAILS: NativeFormat = {
  id: 'azure-ea-cost-details',
  name: 'Azure cost details export (Enterprise Agreement columns)',
  detect: (header) => {
    const present = names(header);
    return hasAll(present, [...AZURE_SIGNATURE, 'Cost', 'BillingCurrency', 'Date']) && !present.has('costinbillingcurrency');
  },
  plan: planAzureConversion,
};

export const AZURE_MCA_COST_DETAILS: NativeFormat = {
  id: 'azure-mca-cost-details',
  name: 'Azure cost details export (Microsoft Customer Agreement columns)',
  detect: (header) => hasAll(names(header), [...AZURE_SIGNATURE, 'CostInBillingCurrency', 'BillingCurrencyCode', 'Date']),
  plan: planAzureConversion,
};

export const AZURE_USAGE_DETAILS_V1: NativeFormat = {
  id: 'azure-usage-details-v1',
  name: 'Azure usage details export (older pay-as-you-go columns)',
  detect: (header) => hasAll(names(header), [...AZURE_SIGNATURE, 'PreTaxCost', 'Currency', 'UsageDateTime', 'SubscriptionGuid']),
  plan: planAzureConversion,
};

export const AZURE_FORMATS: NativeFormat[] = [AZURE_EA_COST_DETAILS, AZURE_MCA_COST_DETAILS, AZURE_USAGE_DETAILS_V1];
