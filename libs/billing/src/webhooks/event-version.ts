/**
 * Where an event stands in the history of the object it describes: Stripe's `event.created` (whole seconds),
 * with the event id breaking ties so that every delivery order reaches the same final state.
 */
export interface EventVersion {
  created: number;
  id: string;
}

/** Negative when `a` is older than `b`, positive when newer, 0 for the same event. */
export function compareVersions(a: EventVersion, b: EventVersion): number {
  if (a.created !== b.created) return a.created - b.created;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const isNewer = (candidate: EventVersion, current: EventVersion | null): boolean =>
  current === null || compareVersions(candidate, current) > 0;

export const isoAt = (seconds: number): string => new Date(seconds * 1000).toISOString();
