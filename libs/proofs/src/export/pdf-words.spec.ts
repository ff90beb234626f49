import { pdfMoney, pdfPercentOfFraction, winAnsi } from './pdf-words';

describe('PDF words', () => {
  it('writes amounts with every digit, grouped, and at least two decimals', () => {
    expect(pdfMoney('118.44', 'USD')).toBe('$118.44');
    expect(pdfMoney('-1234.5', 'USD')).toBe('-$1,234.50');
    expect(pdfMoney('3.456789', 'EUR')).toBe('EUR 3.456789');
    expect(pdfMoney('12', 'JPY')).toBe('JPY 12.00');
  });

  it('writes a fraction as a percentage without rounding', () => {
    expect(pdfPercentOfFraction('0.2143')).toBe('21.43 %');
    expect(pdfPercentOfFraction('0.05')).toBe('5 %');
    expect(pdfPercentOfFraction('1.5')).toBe('150 %');
  });

  it('spells what the standard fonts cannot draw', () => {
    expect(winAnsi('ΔS = t × 1.26 × sqrt(n/n′), ρ − 1 ± 2')).toBe("Delta S = t × 1.26 × sqrt(n/n'), rho - 1 ± 2");
  });
});
