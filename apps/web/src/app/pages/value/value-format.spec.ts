import { bucketFor, formatBucket, formatChange, formatCount, formatMoney, formatPeriod, formatRange, formatShare } from './value-format';

describe('value dashboard formats', () => {
  it('shows amounts exactly, in their currency, padded to its usual decimals', () => {
    expect(formatMoney('53.9768', 'USD')).toBe('$53.9768');
    expect(formatMoney('3.5', 'EUR')).toBe('€3.50');
    expect(formatMoney('1234567.1', 'USD')).toBe('$1,234,567.10');
    expect(formatMoney('0.000000000000000001', 'USD')).toBe('$0.000000000000000001');
    expect(formatMoney('1500', 'JPY')).toBe('¥1,500');
    expect(formatMoney('-2', 'USD')).toBe('−$2.00');
    expect(formatMoney('-0.15189756178', 'USD')).toBe('−$0.15189756178');
  });

  it('groups token counts beyond what a float holds exactly', () => {
    expect(formatCount('2000000')).toBe('2,000,000');
    expect(formatCount('9007199254740993')).toBe('9,007,199,254,740,993');
  });

  it('signs changes and shares', () => {
    expect(formatChange('-32.2')).toBe('−32.2%');
    expect(formatChange('12.5')).toBe('+12.5%');
    expect(formatChange('0')).toBe('0%');
    expect(formatChange(null)).toBe('—');
    expect(formatShare('46.54')).toBe('46.54%');
  });

  it.each([
    // from, exclusive to, as people write it
    ['2025-01-01', '2025-02-01', '1 Jan – 31 Jan 2025'],
    ['2025-01-01', '2025-04-01', '1 Jan – 31 Mar 2025'],
    ['2024-12-28', '2025-01-04', '28 Dec 2024 – 3 Jan 2025'],
    ['2025-01-05', '2025-01-06', '5 Jan 2025'],
    ['2024-02-01', '2024-03-01', '1 Feb – 29 Feb 2024'],
    ['2025-12-01', '2026-01-01', '1 Dec – 31 Dec 2025'],
  ])('writes the range from %s to before %s as "%s", its last day included', (from, to, words) => {
    expect(formatPeriod(from, to)).toBe(words);
  });

  it('reads an exclusive range end as the day before, each end with its year where a year is not implied', () => {
    expect(formatRange('2025-01-01', '2025-04-01')).toBe('1 Jan 2025 – 31 Mar 2025');
    expect(formatRange('2025-01-05', '2025-01-06')).toBe('5 Jan 2025');
  });

  it('labels buckets and picks one that gives a readable number of bars', () => {
    expect(formatBucket('2025-01-01', 'month')).toBe('Jan 2025');
    expect(formatBucket('2025-01-06', 'week')).toBe('6 Jan 2025');
    expect(formatBucket('2025-01-06', 'day', false)).toBe('6 Jan');
    expect([bucketFor(31), bucketFor(90), bucketFor(800)]).toEqual(['day', 'week', 'month']);
  });
});
