const MINUS = '\u2212';

/** The decimals a currency is usually written with: 2 for USD and EUR, 0 for JPY. */
export function usualDecimals(currency: string): number {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().minimumFractionDigits ?? 2;
}

/** Whether a decimal text without sign is below 10^-decimals (and so would show as zero), and not zero itself. */
function belowSmallestUnit(magnitude: string, decimals: number): boolean {
  const [whole, fraction = ''] = magnitude.split('.');
  if (/[^0]/.test(whole)) return false;
  return /^0*$/.test(fraction.slice(0, decimals)) && /[^0]/.test(fraction);
}

/**
 * A decimal amount from the API as a person reads it: rounded to the currency's usual decimals (cents), or to four
 * significant figures when it is smaller than that, so that it does not read as zero. Rounded from the decimal text
 * itself, half away from zero, never through a float; a negative amount takes a minus sign.
 * "15.13189756178" USD → "$15.13", "-0.15189756178" → "−$0.15", "0.0012345" → "$0.001235".
 */
export function displayMoney(amount: string, currency: string): string {
  const negative = amount.startsWith('-');
  const magnitude = negative ? amount.slice(1) : amount;
  try {
    const decimals = usualDecimals(currency);
    const digits = belowSmallestUnit(magnitude, decimals)
      ? { maximumSignificantDigits: 4 }
      : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
    const text = new Intl.NumberFormat('en-US', { style: 'currency', currency, roundingMode: 'halfExpand', ...digits } as Intl.NumberFormatOptions).format(
      magnitude as Intl.StringNumericLiteral,
    );
    return negative && /[1-9]/.test(text) ? `${MINUS}${text}` : text;
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * A unit price (cost per 1K tokens) as a person reads it: to four significant figures, padded to the currency's usual
 * decimals, so that two close prices do not both read "$0.01". "0.0108" → "$0.0108", "2.5" → "$2.50", "1234.567" → "$1,234.57".
 */
export function displayUnitPrice(amount: string, currency: string): string {
  const negative = amount.startsWith('-');
  const magnitude = negative ? amount.slice(1) : amount;
  try {
    const format = (options: Intl.NumberFormatOptions) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency, roundingMode: 'halfExpand', ...options } as Intl.NumberFormatOptions).format(
        magnitude as Intl.StringNumericLiteral,
      );
    const decimals = usualDecimals(currency);
    const significant = format({ maximumSignificantDigits: 4 });
    // Fewer decimals than the currency's usual ones ("$2.5", "$1,235"): its usual decimals read better and say as much.
    const shortOfDecimals = (significant.split('.')[1]?.length ?? 0) < decimals;
    const text = shortOfDecimals ? format({ minimumFractionDigits: decimals, maximumFractionDigits: decimals }) : significant;
    return negative && /[1-9]/.test(text) ? `${MINUS}${text}` : text;
  } catch {
    return `${amount} ${currency}`;
  }
}
