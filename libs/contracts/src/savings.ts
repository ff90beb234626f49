/*
 * Savings on the value dashboard, per currency. Words mean one thing: only a finished proof's `verified` verdict is
 * a saving; a proof still measuring shows its interim reading, labelled measuring; a recommendation not yet
 * implemented shows its expected monthly savings, labelled potential. Every amount is a decimal string.
 */

/** A verified proof: the reporting period's savings. */
export interface VerifiedSavingsItem {
  proofId: string;
  recommendationId: string;
  title: string;
  currency: string;
  amount: string;
  /** The reporting period's last day, YYYY-MM-DD. */
  reportingEndsOn: string;
  /** The portal's page of the proof. */
  link: string;
}

/** A proof still measuring: its latest interim reading (null before its first one), not a saving. */
export interface MeasuringSavingsItem {
  proofId: string;
  recommendationId: string;
  title: string;
  /** Savings so far by the latest daily reading; null until there is one. */
  interim: string | null;
  /** Days read so far. */
  days: number;
  implementedOn: string;
  reportingEndsOn: string;
  link: string;
}

/** An open or accepted recommendation: its expected monthly savings, a potential. */
export interface PotentialSavingsItem {
  recommendationId: string;
  title: string;
  status: 'open' | 'accepted';
  monthlyExpected: string;
  /** The run report that last found it. */
  link: string;
}

export interface CurrencySavings {
  currency: string;
  /** Σ savings of finished proofs with the `verified` verdict. */
  verified: { amount: string; items: VerifiedSavingsItem[] };
  /** Σ interim savings of proofs still measuring: measured so far, not verified. */
  measuring: { amount: string; items: MeasuringSavingsItem[] };
  /** Σ expected monthly savings of open and accepted recommendations: potential, a month. */
  potential: { monthlyAmount: string; items: PotentialSavingsItem[] };
}

/** GET /savings: the three headline figures, for every tier. */
export interface SavingsSummary {
  currencies: CurrencySavings[];
}

/** Verified savings of one month, by the month the proofs' reporting periods ended. */
export interface MonthlyVerifiedSavings {
  /** YYYY-MM */
  month: string;
  currency: string;
  amount: string;
  proofIds: string[];
}

/** GET /savings/breakdown (advanced_analytics): verified savings by recommendation and by month. */
export interface SavingsBreakdown {
  byRecommendation: VerifiedSavingsItem[];
  /**
   * A proof's savings count in the month its reporting period ended: the verdict is over the whole period, so the
   * saving is verified only as a whole and is not spread over the days it was measured on.
   */
  byMonth: MonthlyVerifiedSavings[];
}

/** A run's verified savings in one currency (the verified proofs of the recommendations it first found). */
export interface RunVerifiedSavings {
  currency: string;
  amount: string;
  proofIds: string[];
}
