/*
 * Text as the PDF's standard fonts can draw it. Helvetica covers WinAnsi only, so the method's Greek letters and
 * mathematical signs are spelled out; amounts keep every digit the report has.
 */

const SPELLED: Array<[RegExp, string]> = [
  [/Δ/g, 'Delta '],
  [/ρ/g, 'rho'],
  [/′/g, "'"],
  [/[−–—]/g, '-'],
  [/√/g, 'sqrt'],
  [/≈/g, '~'],
  [/[‘’]/g, "'"],
  [/[“”]/g, '"'],
  [/…/g, '...'],
];

/** The text with every character outside WinAnsi spelled in characters inside it (× and ± are inside). */
export function winAnsi(text: string): string {
  let spelled = text;
  for (const [pattern, replacement] of SPELLED) spelled = spelled.replace(pattern, replacement);
  // Anything else outside Latin-1 would print as a wrong glyph: say it is missing instead.
  return Array.from(spelled, (char) => ((char.codePointAt(0) ?? 0) > 0xff ? '?' : char)).join('');
}

const SYMBOLS: Record<string, string> = { USD: '$', EUR: 'EUR ', GBP: 'GBP ' };

/** "-1234.5" USD → "-$1,234.50": grouped, padded to two decimals, never rounded. */
export function pdfMoney(amount: string, currency: string): string {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = SYMBOLS[currency] ?? `${currency} `;
  return `${negative ? '-' : ''}${symbol}${grouped}.${fraction.padEnd(2, '0')}`;
}

/** A fraction as a percentage with its digits kept: "0.2143" → "21.43 %". */
export function pdfPercentOfFraction(fraction: string): string {
  const negative = fraction.startsWith('-');
  const [whole, decimals = ''] = (negative ? fraction.slice(1) : fraction).split('.');
  const integer = `${whole}${decimals.padEnd(2, '0').slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = decimals.slice(2);
  return `${negative ? '-' : ''}${integer}${rest ? `.${rest}` : ''} %`;
}
