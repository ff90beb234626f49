import { formatClockTime, formatCountdown, formatWindow } from './time';

describe('formatCountdown', () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;

  it('shows hours, minutes and seconds while an hour or more is left', () => {
    expect(formatCountdown(4 * h + 59 * m + 59 * s)).toBe('4h 59m 59s');
    expect(formatCountdown(5 * h)).toBe('5h 00m 00s');
    expect(formatCountdown(1 * h + 5 * m + 9 * s)).toBe('1h 05m 09s');
  });

  it('drops the hours, then the minutes, as time runs out', () => {
    expect(formatCountdown(59 * m + 59 * s)).toBe('59m 59s');
    expect(formatCountdown(m + 1 * s)).toBe('1m 01s');
    expect(formatCountdown(59 * s)).toBe('59s');
  });

  it('rounds a part second up, so the last second shows 1s rather than 0s', () => {
    expect(formatCountdown(1)).toBe('1s');
    expect(formatCountdown(59 * s + 1)).toBe('1m 00s');
  });

  it('says "now" once the moment has come or passed', () => {
    expect(formatCountdown(0)).toBe('now');
    expect(formatCountdown(-3 * s)).toBe('now');
  });
});

describe('formatWindow', () => {
  it('names a window in the largest whole unit', () => {
    expect(formatWindow(18_000)).toBe('5 hours');
    expect(formatWindow(3_600)).toBe('1 hour');
    expect(formatWindow(86_400 * 7)).toBe('7 days');
    expect(formatWindow(5_400)).toBe('90 minutes');
    expect(formatWindow(45)).toBe('45 seconds');
  });
});

describe('formatClockTime', () => {
  it('gives the time alone today and the weekday on another day', () => {
    const now = new Date(2026, 0, 6, 9, 0); // a Tuesday, local time
    expect(formatClockTime(new Date(2026, 0, 6, 14, 32), now)).toBe('14:32');
    expect(formatClockTime(new Date(2026, 0, 7, 2, 5), now)).toBe('Wed 02:05');
  });
});
