import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CostBasis,
  CurrencyProjection,
  MonthSpend,
  monthInWords,
  PROJECTION_MIN_DAYS_OF_DATA,
  dayInWords,
  SpendTrend,
  TREND_MONTHS,
} from '@apex/contracts';
import { addDays, daysInMonth, isLastDayOfMonth, monthOf, monthStart, today } from './calendar-days';
import { basisMeasure, COST_FACTS, CostFacts, CostMeasure } from './cost-facts';
import { SqlParams } from './cost-rows-sql';
import { asOfErrors, throwIfAny } from './metrics-query';

export const PROJECTION_METHOD =
  'A projection, not a measured figure: the AI spend measured from the 1st of the month through the latest day with data, ' +
  `divided by the days that covers, times the days in the month. It is made only once the month has at least ${PROJECTION_MIN_DAYS_OF_DATA} days with AI spend.`;

/** Monthly AI spend for the last months and the month-end projection of the month of `asOf`. */
@Injectable()
export class SpendTrendMetrics {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(COST_FACTS) private readonly facts: CostFacts,
  ) {}

  async trend(orgId: string, query: { asOf?: string; basis?: CostBasis }, now: Date = new Date()): Promise<SpendTrend> {
    throwIfAny(asOfErrors(query.asOf, now));
    const asOf = query.asOf ?? today(now);
    // The month of asOf is over once asOf is its last day and that day has passed.
    const monthOver = isLastDayOfMonth(asOf) && asOf < today(now);
    const basis = query.basis ?? 'effective';
    const measure = basisMeasure(basis);
    const [months, projection] = await Promise.all([this.months(orgId, asOf, monthOver, measure), this.projection(orgId, asOf, monthOver, measure)]);
    return { basis, asOf, months, projection };
  }

  private async months(orgId: string, asOf: string, monthOver: boolean, measure: CostMeasure): Promise<MonthSpend[]> {
    const first = monthStart(asOf, -(TREND_MONTHS - 1));
    const end = addDays(asOf, 1);
    const facts = this.facts;
    const params = new SqlParams();
    const where = facts.where(orgId, { from: monthStart(first, -1), to: end, scope: 'ai' }, params);
    // Every month × currency, so that a month without spend still counts as the month before the next one.
    const rows = (await this.db.query(
      `WITH spend AS (
         SELECT date_trunc('month', ${facts.dayTimestamp})::date AS month, r.billing_currency::text AS currency,
                ${facts.sum(measure)} AS amount, ${facts.rowCount}::int AS row_count
         ${facts.from}
         WHERE ${where}
         GROUP BY 1, 2
       ), calendar AS (
         SELECT generate_series(${params.add(monthStart(first, -1))}::date, ${params.add(first)}::date + interval '${TREND_MONTHS - 1} months', interval '1 month')::date AS month
       ), grid AS (
         SELECT calendar.month, currencies.currency, spend.amount, spend.row_count,
                lag(spend.amount) OVER (PARTITION BY currencies.currency ORDER BY calendar.month) AS previous
         FROM calendar CROSS JOIN (SELECT DISTINCT currency FROM spend) currencies
         LEFT JOIN spend ON spend.month = calendar.month AND spend.currency = currencies.currency
       )
       SELECT to_char(month, 'YYYY-MM-DD') AS month, currency, trim_scale(amount)::text AS amount, row_count,
              CASE WHEN previous IS NULL OR previous = 0 THEN NULL ELSE trim_scale(round((amount - previous) * 100 / previous, 2))::text END AS change
       FROM grid
       WHERE amount IS NOT NULL AND month >= ${params.add(first)}::date
       ORDER BY grid.month, grid.amount DESC, grid.currency`,
      params.values,
    )) as { month: string; currency: string; amount: string; row_count: number; change: string | null }[];

    return Array.from({ length: TREND_MONTHS }, (_, index) => {
      const from = monthStart(first, index);
      const isAsOfMonth = monthOf(from) === monthOf(asOf);
      const to = isAsOfMonth ? end : monthStart(from, 1);
      const complete = !isAsOfMonth || monthOver;
      return {
        month: monthOf(from),
        from,
        to,
        complete,
        totals: rows
          .filter((row) => row.month === from)
          .map((row) => ({
            currency: row.currency,
            amount: row.amount,
            rowCount: row.row_count,
            rows: { from, to, scope: 'ai' as const, currency: row.currency },
            // A month still running is not compared with a whole one.
            changePercent: complete ? row.change : null,
          })),
      };
    });
  }

  private async projection(orgId: string, asOf: string, monthOver: boolean, measure: CostMeasure): Promise<SpendTrend['projection']> {
    const from = monthStart(asOf);
    const to = addDays(asOf, 1);
    const days = daysInMonth(asOf);
    const facts = this.facts;
    const amount = facts.sum(measure);
    const params = new SqlParams();
    const where = facts.where(orgId, { from, to, scope: 'ai' }, params);
    const rows = (await this.db.query(
      `SELECT r.billing_currency::text AS currency, trim_scale(${amount})::text AS month_to_date, ${facts.rowCount}::int AS row_count,
              count(DISTINCT ${facts.day})::int AS days_with_data,
              extract(day FROM max(${facts.day}))::int AS days_observed,
              trim_scale(round(${amount} * ${params.add(days)}::int / extract(day FROM max(${facts.day})), 2))::text AS projected
       ${facts.from}
       WHERE ${where}
       GROUP BY r.billing_currency
       ORDER BY ${amount} DESC, 1`,
      params.values,
    )) as { currency: string; month_to_date: string; row_count: number; days_with_data: number; days_observed: number; projected: string }[];

    const currencies = rows.map((row): CurrencyProjection => {
      const base = {
        currency: row.currency,
        monthToDate: { currency: row.currency, amount: row.month_to_date, rowCount: row.row_count, rows: { from, to, scope: 'ai' as const, currency: row.currency } },
        daysWithData: row.days_with_data,
        daysObserved: row.days_observed,
      };
      if (monthOver) {
        return { ...base, status: 'month_complete', projectedMonthEnd: null, message: 'The month is over: its measured AI spend is final, so nothing is projected.' };
      }
      if (row.days_with_data < PROJECTION_MIN_DAYS_OF_DATA) {
        return {
          ...base,
          status: 'not_enough_data',
          projectedMonthEnd: null,
          message: `Not enough data to project: ${row.days_with_data} of the ${PROJECTION_MIN_DAYS_OF_DATA} days with AI spend a projection needs.`,
        };
      }
      return {
        ...base,
        status: 'projected',
        projectedMonthEnd: row.projected,
        message: `Projected from ${row.days_observed} days of ${days}: ${row.month_to_date} ÷ ${row.days_observed} × ${days}.`,
      };
    });
    return {
      month: monthOf(asOf),
      method: PROJECTION_METHOD,
      minDaysOfData: PROJECTION_MIN_DAYS_OF_DATA,
      daysInMonth: days,
      message: currencies.length ? null : `No AI spend was recorded in ${monthInWords(monthOf(asOf))} up to ${dayInWords(asOf)}, so there is nothing to project.`,
      currencies,
    };
  }
}
