import type { CostRowsFilter } from '@apex/contracts';
import { addDays, startOfDay } from '@apex/costs';
import { Decimal } from '@apex/domain';
import type { Finding } from '../../findings/finding';
import { collectEvidence } from '../../findings/evidence';
import type { SqlRunner } from '../../sql-runner';
import type { AgentContext } from '../agent-context';
import { IDLE_RESOURCES_SQL, SERVICE_DAYS_SQL, UNUSED_COMMITMENTS_SQL } from './cloud.sql';
import { cloudFinding, CloudFindingSpec, CloudRun, serviceFilter } from './cloud-finding';
import { commitmentCoverageSpec } from './commitment-coverage';
import { IDLE_DAYS, IdleResource, idleResourceSpec } from './idle-resource';
import { ServiceDayRow, ServiceSpend, serviceKey, serviceSpends } from './service-spend';
import { UnusedCommitment, unusedCommitmentSpec } from './unused-commitment';

interface UnusedRow {
  currency: string;
  provider_name: string;
  service: string | null;
  commitment: string | null;
  commitment_type: string | null;
  row_count: string;
  amount: string;
}

interface IdleRow {
  currency: string;
  provider_name: string;
  resource: string;
  service: string | null;
  first_day: string;
  last_day: string;
  days: number;
  row_count: string;
  amount: string;
}

export interface CloudAgentOptions {
  /** Consecutive idle days that make a resource idle. */
  idleDays?: number;
}

/**
 * The cloud agent: over the recent window's non-AI Usage rows, in three aggregate queries and one evidence query per
 * finding, finds idle resources, unused commitments and on-demand spend that the organisation's own commitments show
 * a discount for. Every finding of a service rests on that service's spend, so the reporting agent sequences them.
 */
export class CloudAgent {
  private readonly idleDays: number;

  constructor(
    private readonly sql: SqlRunner,
    private readonly checkpoint: () => void = () => undefined,
    options: CloudAgentOptions = {},
  ) {
    this.idleDays = options.idleDays ?? IDLE_DAYS;
  }

  async findings(context: AgentContext): Promise<Finding[]> {
    if (context.priceBookVersion === null) return [];
    const run: CloudRun = { window: context.recent, priceBookVersion: context.priceBookVersion };
    const window = [context.orgId, startOfDay(context.recent.from), startOfDay(context.recent.to)];

    const spends = serviceSpends(await this.sql.query<ServiceDayRow>(SERVICE_DAYS_SQL, window));
    this.checkpoint();
    const unused = new Map<string, UnusedCommitment[]>();
    for (const row of await this.sql.query<UnusedRow>(UNUSED_COMMITMENTS_SQL, window)) {
      const key = serviceKey(row.currency.trim(), row.provider_name, row.service);
      unused.set(key, [
        ...(unused.get(key) ?? []),
        { commitment: row.commitment, commitmentType: row.commitment_type, rowCount: Number(row.row_count), amount: Decimal.of(row.amount) },
      ]);
    }
    this.checkpoint();
    const lastDay = addDays(context.recent.to, -1);
    const idle = (await this.sql.query<IdleRow>(IDLE_RESOURCES_SQL, [...window, this.idleDays, lastDay])).map(
      (row): IdleResource => ({
        currency: row.currency.trim(),
        provider: row.provider_name,
        resource: row.resource,
        service: row.service,
        firstDay: row.first_day,
        lastDay: row.last_day,
        days: Number(row.days),
        rowCount: Number(row.row_count),
        amount: Decimal.of(row.amount),
      }),
    );
    this.checkpoint();

    const findings: Finding[] = [];
    const add = async (spend: ServiceSpend, spec: Omit<CloudFindingSpec, 'spend'> | null, filters: CostRowsFilter[]) => {
      if (!spec) return;
      this.checkpoint();
      findings.push(cloudFinding(run, { ...spec, spend }, await collectEvidence(this.sql, context.orgId, filters)));
    };
    for (const resource of idle) {
      const spend = spends.get(serviceKey(resource.currency, resource.provider, resource.service));
      if (!spend) continue;
      const filter: CostRowsFilter = {
        from: resource.firstDay,
        to: addDays(resource.lastDay, 1),
        scope: 'other',
        currency: resource.currency,
        provider: resource.provider,
        resource: resource.resource,
        chargeCategory: 'Usage',
      };
      await add(spend, idleResourceSpec(resource, this.idleDays), [filter]);
    }
    for (const [key, spend] of spends) {
      const onDemand = serviceFilter(spend, context.recent, 'on_demand');
      const hasOnDemand = spend.onDemand.rowCount > 0;
      await add(spend, unusedCommitmentSpec(spend, unused.get(key) ?? [], context.recent), [
        serviceFilter(spend, context.recent, 'unused_commitment'),
        ...(hasOnDemand ? [onDemand] : []),
      ]);
      await add(spend, commitmentCoverageSpec(spend, context.recent), [onDemand, serviceFilter(spend, context.recent, 'committed')]);
    }
    return findings;
  }
}
