import { Decimal } from '@apex/domain';
import { parseDateTime } from '../../focus/focus-values';

// The CUR writes its times in UTC: `2024-01-01T00:00:00Z` (legacy CSV), `2024-01-01 00:00:00` or
// `2024-01-01 00:00:00.000` (Athena, CUR 2.0), without a zone.
const CUR_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z| UTC)?$/;

/** A CUR time as FOCUS writes it (`2024-01-01T00:00:00Z`); undefined when it is not a CUR time. */
export function curTimestamp(raw: string): string | undefined {
  const value = raw.trim();
  if (!CUR_TIME.test(value)) return undefined;
  const parsed = parseDateTime(value);
  return parsed ? new Date(parsed.epochMs).toISOString().replace('.000Z', 'Z') : undefined;
}

/** `a + b` of two decimal texts, exactly. */
export const addAmounts = (a: string, b: string): string => Decimal.of(a).plus(b).toString();

/** `a − b` of two decimal texts, exactly. */
export const subtractAmounts = (a: string, b: string): string => Decimal.of(a).minus(b).toString();
