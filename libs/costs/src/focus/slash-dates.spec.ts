import { readSlashDate, slashOrderOfBillingPeriod } from './slash-dates';

describe('dates as spreadsheets write them', () => {
  it('reads a billing period that starts and ends on the 1st in one order only', () => {
    expect(slashOrderOfBillingPeriod('4/1/25', '5/1/25')).toBe('month-first');
    expect(slashOrderOfBillingPeriod('1/4/2025', '1/5/2025')).toBe('day-first');
  });

  it('tells no order when the period reads as the 1st both ways, or neither way', () => {
    expect(slashOrderOfBillingPeriod('1/1/25', '1/1/26')).toBeNull();
    expect(slashOrderOfBillingPeriod('4/2/25', '5/3/25')).toBeNull();
    expect(slashOrderOfBillingPeriod(undefined, '5/1/25')).toBeNull();
    expect(slashOrderOfBillingPeriod('2025-04-01T00:00:00Z', '2025-05-01T00:00:00Z')).toBeNull();
  });

  it.each([
    ['4/1/25', 'month-first', '2025-04-01T00:00:00Z'],
    ['4/1/25', 'day-first', '2025-01-04T00:00:00Z'],
    ['12/31/2024', 'month-first', '2024-12-31T00:00:00Z'],
    ['2/29/24', 'month-first', '2024-02-29T00:00:00Z'],
  ] as const)('reads %s %s as %s', (raw, order, iso) => {
    expect(readSlashDate(raw, order)?.iso).toBe(iso);
    expect(readSlashDate(raw, order)?.epochMs).toBe(Date.parse(iso));
  });

  it.each([
    ['12/31/2024', 'day-first'],
    ['2/29/25', 'month-first'],
    ['4/1', 'month-first'],
    ['2025-04-01', 'month-first'],
  ] as const)('refuses %s read %s', (raw, order) => {
    expect(readSlashDate(raw, order)).toBeUndefined();
  });
});
