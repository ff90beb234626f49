/*
 * Canonical JSON: the one text a value has, so that its SHA-256 names it. Object keys are sorted by UTF-16 code
 * units (JavaScript's default order, as RFC 8785 sorts them), there is no whitespace, strings and numbers are
 * written as JSON.stringify writes them, and a property whose value is undefined is left out as JSON leaves it out.
 * Numbers must be finite; money is never a number here (amounts are decimal strings).
 */

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`canonical JSON has no ${value}`);
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON(): unknown }).toJSON());
      return `{${Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
        .join(',')}}`;
    default:
      throw new TypeError(`canonical JSON has no ${typeof value}`);
  }
}
