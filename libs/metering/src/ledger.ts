/** The units the ledger counts in (ledger_entries.unit). */
export type LedgerUnit = 'api_calls' | 'agent_runs' | 'tokens' | 'cost_saved';

export interface LedgerPosting {
  account: string;
  unit: LedgerUnit;
  /** Decimal string, so cost_saved keeps its six decimals. */
  amount: string;
}

/** The organisation's side of each unit: its balance is what it consumed or was given. */
export const orgAccount = (orgId: string, unit: LedgerUnit) => `org:${orgId}:${unit}`;

/** Apex's side of each unit: the contra account every organisation entry is balanced against. */
export const APEX_ACCOUNTS: Record<LedgerUnit, string> = {
  api_calls: 'apex:api_calls_served',
  agent_runs: 'apex:agent_runs_served',
  tokens: 'apex:tokens_metered',
  cost_saved: 'apex:cost_saved_delivered',
};

const negate = (amount: string) => (amount.startsWith('-') ? amount.slice(1) : `-${amount}`);
const isZero = (amount: string) => /^-?0*(\.0*)?$/.test(amount);

function pair(orgId: string, unit: LedgerUnit, amount: string): LedgerPosting[] {
  if (isZero(amount)) return [];
  return [
    { account: orgAccount(orgId, unit), unit, amount },
    { account: APEX_ACCOUNTS[unit], unit, amount: negate(amount) },
  ];
}

/** Every API call, accepted or rejected, counts once; its tokens (if any) are metered too. */
export function apiCallPostings(orgId: string, tokens: number): LedgerPosting[] {
  return [...pair(orgId, 'api_calls', '1'), ...pair(orgId, 'tokens', String(tokens))];
}

/** A finished optimisation run: one run, the tokens it used and the cost it saved. */
export function runPostings(orgId: string, tokens: number, costSaved: string): LedgerPosting[] {
  return [...pair(orgId, 'agent_runs', '1'), ...pair(orgId, 'tokens', String(tokens)), ...pair(orgId, 'cost_saved', costSaved)];
}
