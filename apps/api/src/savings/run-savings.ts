import { Injectable } from '@nestjs/common';
import type { RunVerifiedSavings, RunView, UsageSummary } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { UsageTracker } from '@apex/metering';
import { SavingsService } from '@apex/proofs';

const sumOf = (a: string, b: string) => Decimal.of(a).plus(b).toString();

/** One figure from several currencies' savings: the amount in the one currency, '0' with none or several. */
const singleFigure = (figures: RunVerifiedSavings[]) => (figures.length === 1 ? figures[0].amount : '0');

/**
 * A run's and the usage summary's "cost saved", read when shown from the verified proofs of the runs'
 * recommendations. The ledger keeps what was recorded when each run ended (nothing is verified then) and is not
 * rewritten; what a proof verifies later shows here at once.
 */
@Injectable()
export class RunSavings {
  constructor(
    private readonly savings: SavingsService,
    private readonly tracker: UsageTracker,
  ) {}

  async ofRuns<T extends RunView>(orgId: string, runs: T[]): Promise<T[]> {
    const byRun = await this.savings.ofRuns(orgId, runs.map((run) => run.id));
    return runs.map((run) => {
      const figures = byRun.get(run.id) ?? [];
      return { ...run, costSaved: singleFigure(figures), costSavedByCurrency: figures };
    });
  }

  async ofRun<T extends RunView>(orgId: string, run: T): Promise<T> {
    return (await this.ofRuns(orgId, [run]))[0];
  }

  /** The summary with its window's and month's cost saved from the runs metered in each. */
  async ofUsage(orgId: string, scope: { userId: string } | { orgId: string }, summary: UsageSummary): Promise<UsageSummary> {
    const runs = await this.tracker.meteredRunIds(scope);
    const byRun = await this.savings.ofRuns(orgId, [...new Set([...runs.window, ...runs.period])]);
    const total = (runIds: string[]): RunVerifiedSavings[] => {
      const figures = new Map<string, RunVerifiedSavings>();
      for (const figure of runIds.flatMap((id) => byRun.get(id) ?? [])) {
        const seen = figures.get(figure.currency);
        figures.set(
          figure.currency,
          seen ? { currency: figure.currency, amount: sumOf(seen.amount, figure.amount), proofIds: [...seen.proofIds, ...figure.proofIds] } : { ...figure, proofIds: [...figure.proofIds] },
        );
      }
      return [...figures.values()].map((figure) => ({ ...figure, proofIds: figure.proofIds.sort() })).sort((a, b) => a.currency.localeCompare(b.currency));
    };
    const window = total(runs.window);
    const period = total(runs.period);
    return {
      ...summary,
      window: { ...summary.window, costSaved: singleFigure(window), costSavedByCurrency: window },
      period: { ...summary.period, costSaved: singleFigure(period), costSavedByCurrency: period },
    };
  }
}
