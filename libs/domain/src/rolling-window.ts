export interface WindowUsage {
  limit: number;
  used: number;
  remaining: number;
  /** When the oldest admission in the window leaves it, freeing a slot; null when nothing is in the window. */
  resetAt: Date | null;
}

/**
 * Usage of a rolling window: `admittedAt` are the admissions that count
 * (inside the window ending at `now`), oldest first or in any order.
 */
export function windowUsage(admittedAt: Date[], limit: number, windowMs: number, now: Date): WindowUsage {
  const start = now.getTime() - windowMs;
  const inWindow = admittedAt.map((d) => d.getTime()).filter((t) => t > start);
  const oldest = inWindow.length ? Math.min(...inWindow) : null;
  return {
    limit,
    used: inWindow.length,
    remaining: Math.max(0, limit - inWindow.length),
    resetAt: oldest === null ? null : new Date(oldest + windowMs),
  };
}
