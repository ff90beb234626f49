import { CHARGE_CATEGORIES } from '@apex/contracts';

/**
 * The values FOCUS allows in its "Allowed values" columns (the same in 1.0, 1.1 and 1.2). ServiceSubcategory
 * also has a list, but it is only Recommended and Apex stores no such column, so any value passes.
 */
export const FOCUS_ALLOWED_VALUES: Readonly<Record<string, readonly string[]>> = {
  CapacityReservationStatus: ['Used', 'Unused'],
  ChargeCategory: CHARGE_CATEGORIES,
  ChargeClass: ['Correction'],
  ChargeFrequency: ['One-Time', 'Recurring', 'Usage-Based'],
  CommitmentDiscountCategory: ['Spend', 'Usage'],
  CommitmentDiscountStatus: ['Used', 'Unused'],
  PricingCategory: ['Standard', 'Dynamic', 'Committed', 'Other'],
  ServiceCategory: [
    'AI and Machine Learning',
    'Analytics',
    'Business Applications',
    'Compute',
    'Databases',
    'Developer Tools',
    'Multicloud',
    'Identity',
    'Integration',
    'Internet of Things',
    'Management and Governance',
    'Media',
    'Migration',
    'Mobile',
    'Networking',
    'Security',
    'Storage',
    'Web',
    'Other',
  ],
};

/**
 * Columns that only FOCUS versions Apex does not read have: older ones (0.5, 1.0-preview) and 1.3. A header with
 * one of them gets "unsupported version" rather than "unknown column".
 */
export const COLUMNS_OF_UNSUPPORTED_VERSIONS: Readonly<Record<string, string>> = {
  AmortizedCost: '0.5',
  ChargeType: '0.5',
  Region: '0.5',
  UsageQuantity: '0.5 or 1.0-preview',
  UsageUnit: '0.5 or 1.0-preview',
  ChargeSubcategory: '1.0-preview',
  AllocatedMethodDetails: '1.3',
  AllocatedMethodId: '1.3',
  AllocatedResourceId: '1.3',
  AllocatedResourceName: '1.3',
  AllocatedTags: '1.3',
  ContractApplied: '1.3',
  HostProviderName: '1.3',
  ServiceProviderName: '1.3',
};
