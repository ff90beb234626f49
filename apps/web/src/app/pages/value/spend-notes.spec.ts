import type { CostRowsFilter, CurrencyFigure, SpendFigure } from '@apex/contracts';
import { reductionNote } from './spend-notes';

const rows: CostRowsFilter = { from: '2025-01-01', to: '2025-02-01', scope: 'all', currency: 'USD' };
const part = (amount: string, chargeCategory: string): CurrencyFigure => ({ currency: 'USD', amount, rowCount: 1, rows: { ...rows, chargeCategory } });
const spend = (amount: string, credits: string | null, adjustments: string | null): SpendFigure => ({
  currency: 'USD',
  amount,
  rowCount: 3,
  rows,
  credits: credits === null ? null : part(credits, 'Credit'),
  adjustments: adjustments === null ? null : part(adjustments, 'Adjustment'),
});

describe('reductionNote', () => {
  it.each([
    ['a total without credits or adjustments', spend('15.13', null, null), null],
    ['a total reduced by credits', spend('14.13', '-1.00', null), 'includes −$1.00 of credits'],
    ['a negative total of credits', spend('-0.15189756178', '-0.15189756178', null), 'Negative: includes −$0.15 of credits'],
    ['a negative total of credits and an adjustment', spend('-0.13189756178', '-0.15189756178', '0.02'), 'Negative: includes −$0.15 of credits and $0.02 of adjustments'],
    ['tiny credits', spend('2.5', '-0.0004321', null), 'includes −$0.0004321 of credits'],
    ['credits that sum to nothing on this basis', spend('2.5', '0', null), null],
    ['a negative total without credits or adjustments', spend('-3', null, null), 'Negative: refunds or corrections in these rows outweigh their charges'],
  ])('explains %s', (_case, figure, note) => {
    expect(reductionNote(figure)).toBe(note);
  });
});
