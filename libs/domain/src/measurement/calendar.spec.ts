import { addDays, calendarDays } from './calendar';

describe('calendar days', () => {
  it('adds days across month, year and leap-day ends, in UTC', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-29', 0)).toBe('2026-03-29');
    // 90 days before 15 November, both ends of the window [from, to] counted: 90 calendar days.
    expect(calendarDays({ from: addDays('2026-11-15', -90), to: addDays('2026-11-15', -1) })).toBe(90);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-02-01', 0.5)).toThrow(RangeError);
  });
});
