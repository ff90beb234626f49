/**
 * The scopes the Cost Management query API documents, segment by segment (keywords in any case):
 *   subscriptions/{subscriptionId}
 *   subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}
 *   providers/Microsoft.Billing/billingAccounts/{billingAccountId}
 *     [/billingProfiles/{billingProfileId}[/invoiceSections/{invoiceSectionId}]
 *      | /departments/{departmentId} | /enrollmentAccounts/{enrollmentAccountId} | /customers/{customerId}]
 *   providers/Microsoft.Management/managementGroups/{managementGroupId}
 * A name is never `.` or `..` nor ends in a period, so a scope cannot climb out of itself once it is put in a URL.
 */
const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Resource groups and management groups: up to 90 of letters, digits, `_ - . ( )`, not ending in a period. */
const GROUP_NAME = /^[\w().-]{0,89}[\w()-]$/;
/** Billing ids: `12345678`, `{guid}:{guid}_2019-05-31`, `ABCD-EFGH-XYZ-PQR`; letters, digits, `_ - : .`, starting and ending with a letter or digit. */
const BILLING_ID = /^[A-Za-z0-9](?:[\w:.-]{0,198}[A-Za-z0-9])?$/;

const BILLING_CHILDREN: Record<string, string[]> = {
  billingprofiles: ['invoicesections'],
  invoicesections: [],
  departments: [],
  enrollmentaccounts: [],
  customers: [],
};

const is = (segment: string | undefined, keyword: string) => segment?.toLowerCase() === keyword.toLowerCase();

function isBillingChain(pairs: string[], parent: string | null): boolean {
  if (pairs.length === 0) return true;
  const [kind, id, ...rest] = pairs;
  const allowed = parent === null ? Object.keys(BILLING_CHILDREN).filter((k) => k !== 'invoicesections') : (BILLING_CHILDREN[parent] ?? []);
  const key = kind?.toLowerCase() ?? '';
  return allowed.includes(key) && BILLING_ID.test(id ?? '') && isBillingChain(rest, key);
}

/** True when `scope` (no leading or trailing slash) has one of the documented shapes above. */
export function isAzureCostScope(scope: string): boolean {
  const segments = scope.split('/');
  const [first, second, third, fourth, ...rest] = segments;
  if (is(first, 'subscriptions')) {
    if (!SUBSCRIPTION_ID.test(second ?? '')) return false;
    if (segments.length === 2) return true;
    return segments.length === 4 && is(third, 'resourceGroups') && GROUP_NAME.test(fourth ?? '');
  }
  if (!is(first, 'providers')) return false;
  if (is(second, 'Microsoft.Management')) return segments.length === 4 && is(third, 'managementGroups') && GROUP_NAME.test(fourth ?? '');
  if (is(second, 'Microsoft.Billing')) return is(third, 'billingAccounts') && BILLING_ID.test(fourth ?? '') && isBillingChain(rest, null);
  return false;
}
