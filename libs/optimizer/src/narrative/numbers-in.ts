/*
 * The numbers a text states, each in one canonical decimal form, so that "$1,234.56", "1234.56" and "1,234.560"
 * are the same number and a model's answer can be checked against the computed figures.
 *
 * - Currency signs and thousands separators are dropped: "$1,234.56" → "1234.56".
 * - "%" is dropped: "12%" → "12" (the figure 12 is allowed wherever 12 was computed).
 * - A leading "-" is a sign only at the start or after a space or "(": "-4.5" → "-4.5", while "3-5" is 3 and 5.
 * - A k, M or B suffix scales: "1.2k" → "1200", "1.2M" → "1200000". So "1.2k" matches a fact of 1200, $1,200 or 1.2k,
 *   but never 1,234: an abbreviation is as exact as its digits, and a rounded figure is a different number.
 * - Digits inside words count too ("gpt4" → 4): a model name is allowed only as spelt in the facts (see `verbatim`).
 */

const NUMBER = /(^|[\s(])?(-)?\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([kKmMbB](?![A-Za-z]))?/g;
const SCALE: Record<string, number> = { k: 3, K: 3, m: 6, M: 6, b: 9, B: 9 };
const EDGE_PUNCTUATION = /^[("'“‘[]+|[)"'”’\],.;:!?]+$/g;
const REGEXP_SPECIALS = /[.*+?^${}()|[\]\\]/g;

function canonical(sign: string, whole: string, fraction: string, shift: number): string {
  const digits = whole + fraction + '0'.repeat(Math.max(0, shift - fraction.length));
  const point = whole.length + shift;
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const decimals = digits.slice(point).replace(/0+$/, '');
  const value = decimals ? `${integer}.${decimals}` : integer;
  return sign && /[1-9]/.test(value) ? `-${value}` : value;
}

/** Words of `texts` that mix letters and digits ("gpt-4o-mini", "claude-3-haiku-20240307"), longest first. */
export function verbatimTokensOf(texts: string[]): string[] {
  const tokens = new Set<string>();
  for (const word of texts.join(' ').split(/\s+/)) {
    const token = word.replace(EDGE_PUNCTUATION, '');
    if (/\d/.test(token) && /[A-Za-z]/.test(token)) tokens.add(token);
  }
  return [...tokens].sort((a, b) => b.length - a.length);
}

function withoutVerbatim(text: string, verbatim: string[]): string {
  let rest = text;
  for (const token of verbatim) {
    rest = rest.replace(new RegExp(`(?<![\\w-])${token.replace(REGEXP_SPECIALS, '\\$&')}(?![\\w-])`, 'g'), ' ');
  }
  return rest;
}

/** The numbers `text` states, canonical (see above), after removing the `verbatim` tokens wherever they stand alone. */
export function numbersIn(text: string, verbatim: string[] = []): string[] {
  const found: string[] = [];
  for (const match of withoutVerbatim(text, verbatim).matchAll(NUMBER)) {
    const [, before, minus, whole, fraction = '', suffix] = match;
    const signed = minus !== undefined && (before !== undefined || match.index === 0);
    found.push(canonical(signed ? '-' : '', whole.replace(/,/g, ''), fraction, suffix ? SCALE[suffix] : 0));
  }
  return found;
}

/** The numbers of `answer` that none of `sources` states; model names and other words of the sources may appear as spelt. */
export function inventedNumbers(answer: string, sources: string[]): string[] {
  const verbatim = verbatimTokensOf(sources);
  const allowed = new Set(sources.flatMap((source) => numbersIn(source, verbatim)));
  return [...new Set(numbersIn(answer, verbatim).filter((n) => !allowed.has(n)))];
}
