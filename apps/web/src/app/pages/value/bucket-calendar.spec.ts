import { bucketsOf } from './bucket-calendar';

describe('bucketsOf', () => {
  it('lists every day of a range, the days without data included', () => {
    const days = bucketsOf({ from: '2025-01-30', to: '2025-02-02' }, 'day');
    expect(days).toEqual([
      { start: '2025-01-30', end: '2025-01-31' },
      { start: '2025-01-31', end: '2025-02-01' },
      { start: '2025-02-01', end: '2025-02-02' },
    ]);
    expect(bucketsOf({ from: '2025-01-01', to: '2025-02-01' }, 'day')).toHaveLength(31);
    expect(bucketsOf({ from: '2024-02-01', to: '2024-03-01' }, 'day')).toHaveLength(29);
  });

  it('starts weeks on Monday and clips the first and last to the range, as the API does', () => {
    // 2025-01-02 is a Thursday; the weeks after it start on Monday 6 and Monday 13 January.
    expect(bucketsOf({ from: '2025-01-02', to: '2025-01-16' }, 'week')).toEqual([
      { start: '2025-01-02', end: '2025-01-06' },
      { start: '2025-01-06', end: '2025-01-13' },
      { start: '2025-01-13', end: '2025-01-16' },
    ]);
    // A range that starts on a Monday has a whole first week.
    expect(bucketsOf({ from: '2025-01-06', to: '2025-01-20' }, 'week').map((b) => b.start)).toEqual(['2025-01-06', '2025-01-13']);
  });

  it('lists months, a range that starts mid-month clipped', () => {
    expect(bucketsOf({ from: '2024-11-15', to: '2025-02-01' }, 'month')).toEqual([
      { start: '2024-11-15', end: '2024-12-01' },
      { start: '2024-12-01', end: '2025-01-01' },
      { start: '2025-01-01', end: '2025-02-01' },
    ]);
  });

  it('lists nothing for an empty range', () => {
    expect(bucketsOf({ from: '2025-01-01', to: '2025-01-01' }, 'day')).toEqual([]);
  });
});
