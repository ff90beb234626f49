import type { SpendFigure } from '@apex/contracts';
import { displayMoney } from './display-money';

const isZero = (amount: string) => !/[1-9]/.test(amount);

/**
 * Why a total is negative or smaller than its charges, in words, from the credits and adjustments (FOCUS ChargeCategory
 * Credit and Adjustment) within it: "includes −$1.00 of credits", "Negative: includes −$0.15 of credits and $0.02 of
 * adjustments". Null when there is nothing to explain.
 */
export function reductionNote(figure: SpendFigure): string | null {
  const parts = [
    figure.credits && !isZero(figure.credits.amount) ? `${displayMoney(figure.credits.amount, figure.currency)} of credits` : null,
    figure.adjustments && !isZero(figure.adjustments.amount) ? `${displayMoney(figure.adjustments.amount, figure.currency)} of adjustments` : null,
  ].filter((part) => part !== null);
  const negative = figure.amount.startsWith('-') && !isZero(figure.amount);
  if (parts.length === 0) return negative ? 'Negative: refunds or corrections in these rows outweigh their charges' : null;
  return `${negative ? 'Negative: includes' : 'includes'} ${parts.join(' and ')}`;
}
