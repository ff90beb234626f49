/** A window of whole UTC charge days: `from` inclusive, `to` exclusive, both YYYY-MM-DD. */
export interface DayWindow {
  from: string;
  to: string;
  days: number;
}

/** What every agent of a run is given. */
export interface AgentContext {
  orgId: string;
  runId: string;
  /** The price-book version the run prices with; null when the price book is empty (nothing can be priced). */
  priceBookVersion: number | null;
  /** The 30 days up to the last charge day with data: the volumes findings are priced on, as monthly figures. */
  recent: DayWindow;
  /** The 90 days up to the same day: the profile's longer view. */
  long: DayWindow;
}

/** A monthly figure from a window's amount: amount × 30 / days (a month is taken as 30 days, said in assumptions). */
export const MONTH_DAYS = 30;
