import { windowUsage } from './rolling-window';

const hour = 3_600_000;
const at = (h: number) => new Date(Date.UTC(2026, 0, 1) + h * hour);

describe('windowUsage', () => {
  it('counts admissions inside the rolling window and frees a slot when the oldest is 5 h old', () => {
    const admitted = [at(0), at(1), at(2)];
    expect(windowUsage(admitted, 3, 5 * hour, at(4.99))).toEqual({ limit: 3, used: 3, remaining: 0, resetAt: at(5) });
    expect(windowUsage(admitted, 3, 5 * hour, at(5))).toEqual({ limit: 3, used: 2, remaining: 1, resetAt: at(6) });
  });

  it('has nothing to reset when the window is empty', () => {
    expect(windowUsage([], 100, 5 * hour, at(0))).toEqual({ limit: 100, used: 0, remaining: 100, resetAt: null });
  });
});
