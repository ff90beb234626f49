import { asOfErrors, rangeErrors, resolveRange } from './metrics-query';

describe('metrics ranges', () => {
  it('defaults to the three calendar months ending with the month of the latest AI spend, across a year end', () => {
    expect(resolveRange({}, '2025-01-17')).toEqual({ from: '2024-11-01', to: '2025-02-01', defaulted: true });
  });

  it('defaults to the three months up to the current one when there is no AI spend', () => {
    expect(resolveRange({}, null, new Date('2026-03-31T23:59:59Z'))).toEqual({ from: '2026-01-01', to: '2026-04-01', defaulted: true });
  });

  it('takes a range as given when it is a usable one', () => {
    expect(rangeErrors({ from: '2024-02-29', to: '2024-03-01' }, 'day')).toEqual([]);
    expect(resolveRange({ from: '2024-02-29', to: '2024-03-01' }, '2025-01-17')).toEqual({ from: '2024-02-29', to: '2024-03-01', defaulted: false });
  });

  it('rejects days that are not in the calendar, and ranges that are empty or too long', () => {
    expect(rangeErrors({ from: '2025-02-29', to: '2025-03-01' }).map((e) => e.field)).toEqual(['from']);
    expect(rangeErrors({ from: '2025-03-01', to: '2025-02-01' }).map((e) => e.field)).toEqual(['to']);
    expect(rangeErrors({ from: '2024-01-01', to: '2024-12-31' }, 'day')).toEqual([]);
    expect(rangeErrors({ from: '2024-01-01', to: '2025-01-02' }, 'day').map((e) => e.field)).toEqual(['bucket']);
    expect(rangeErrors({ from: '2024-01-01', to: '2025-01-02' }, 'week')).toEqual([]);
  });

  it('accepts a projection day up to today (UTC), not after', () => {
    const now = new Date('2026-05-10T23:00:00Z');
    expect(asOfErrors('2026-05-10', now)).toEqual([]);
    expect(asOfErrors('2026-05-11', now)).toEqual([{ field: 'asOf', message: 'asOf cannot be in the future' }]);
  });
});
