import type { ProofBaseline, ProofBoundary } from '@apex/contracts';
import { BaselineModel, baselineCoverage, calendarDays, DailyReading, DateWindow, Decimal, fitBaseline, isInWindow, KindRates } from '@apex/domain';
import { toProofRates } from '../pricing/proof-prices';
import { toProofVolumes } from '../readings/volumes';

export interface BaselineCapture {
  implementedOn: string;
  window: DateWindow;
  /** Null when the recommendation has no boundary a proof can measure; `shortfall` then says why. */
  boundary: ProofBoundary | null;
  shortfall?: string;
  readings: readonly DailyReading[];
  rowCount: number;
  evidenceSha256: string;
  /** The model's list rates on the baseline's last day; null when the price book does not price it then. */
  rates: KindRates | null;
  priceBookVersion: number;
}

const text = (value: Decimal | null) => (value === null ? null : value.toString());

/** The reason a fitted baseline cannot carry a measurement, in plain words, or null. */
function shortfallOf(capture: BaselineCapture, model: BaselineModel): string | null {
  if (model.shortfalls.includes('coverage_below_90_percent')) {
    const percent = model.coverage.times(100).round(2).toString();
    return (
      `Insufficient baseline: only ${model.daysWithReadings} of the ${model.calendarDays} days before ${capture.implementedOn} ` +
      `(${capture.window.from} to ${capture.window.to}) have cost rows in this scope, ${percent} % of them; a baseline needs 90 %.`
    );
  }
  if (model.shortfalls.includes('no_priced_volume')) {
    return 'Insufficient baseline: its cost rows carry no tokens or requests that the price book prices, so there is no unit cost to compare the reporting period with.';
  }
  return null;
}

/**
 * The baseline as captured: the days before the implementation in the boundary, their unit costs from the price
 * book's rates and the fitted effective rate, the daily totals and the coverage, said plainly when short.
 */
export function captureBaseline(capture: BaselineCapture): ProofBaseline {
  const readings = capture.readings.filter((reading) => isInWindow(reading.date, capture.window));
  const days = calendarDays(capture.window);
  const coverage = baselineCoverage(readings.length, days);
  const common = {
    from: capture.window.from,
    to: capture.window.to,
    calendarDays: days,
    daysWithReadings: readings.length,
    coveragePercent: coverage.coverage.times(100).round(2).toFixed(2),
    boundary: capture.boundary,
    total: Decimal.sum(readings.map((reading) => Decimal.of(reading.cost))).toString(),
    daily: readings.map((reading) => ({ date: reading.date, actual: Decimal.of(reading.cost).toString(), volumes: toProofVolumes(reading.volumes) })),
    priceBookVersion: capture.priceBookVersion,
    evidenceSha256: capture.evidenceSha256,
    rowCount: capture.rowCount,
  };
  const unmeasurable = (shortfall: string): ProofBaseline => ({ ...common, sufficient: false, shortfall, unitCosts: [], listRates: capture.rates && toProofRates(capture.rates), effectiveRate: null });

  if (!capture.boundary) return unmeasurable(capture.shortfall ?? 'This recommendation has no scope a proof can measure.');
  if (!capture.rates) {
    return unmeasurable(`The price book (version ${capture.priceBookVersion}) has no price for ${capture.boundary.model} on ${capture.window.to}, so the baseline has no unit costs.`);
  }
  let model: BaselineModel;
  try {
    model = fitBaseline({ window: capture.window, readings, rates: capture.rates });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return unmeasurable(`The baseline cannot be priced: ${error.message} for ${capture.boundary.model} in the price book (version ${capture.priceBookVersion}).`);
  }
  const shortfall = shortfallOf(capture, model);
  return {
    ...common,
    sufficient: shortfall === null,
    shortfall,
    unitCosts: [
      {
        model: capture.boundary.model,
        uncachedInputPer1k: text(model.unitCosts.uncachedInputPer1k),
        cachedInputPer1k: text(model.unitCosts.cachedInputPer1k),
        outputPer1k: text(model.unitCosts.outputPer1k),
        perRequest: text(model.unitCosts.perRequest),
      },
    ],
    listRates: toProofRates(capture.rates),
    effectiveRate: model.effectiveRate.toString(),
  };
}
