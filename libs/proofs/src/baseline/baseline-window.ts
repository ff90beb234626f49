import { addDays, DateWindow } from '@apex/domain';

/** The baseline takes up to this many days before the implementation… */
export const MAX_BASELINE_DAYS = 90;
/** …and never fewer: a shorter history is a baseline with missing days, not a shorter baseline. */
export const MIN_BASELINE_DAYS = 30;

/**
 * The baseline period: the days before `implementedOn`, from the boundary's first day with rows in the 90 days before
 * it, but at least the 30 days before it; both ends included.
 */
export function baselineWindow(implementedOn: string, firstDayWithRows: string | null): DateWindow {
  const earliest = addDays(implementedOn, -MAX_BASELINE_DAYS);
  const latestStart = addDays(implementedOn, -MIN_BASELINE_DAYS);
  const start = firstDayWithRows === null || firstDayWithRows > latestStart ? latestStart : firstDayWithRows < earliest ? earliest : firstDayWithRows;
  return { from: start, to: addDays(implementedOn, -1) };
}

/** The 90 days the baseline is looked for in. */
export const baselineSearchWindow = (implementedOn: string): DateWindow => ({ from: addDays(implementedOn, -MAX_BASELINE_DAYS), to: addDays(implementedOn, -1) });
