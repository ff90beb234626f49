import type { ModelPrice, PriceBookDiff } from '@apex/contracts';

type Value = string | number | null;

/** An entry's comparable fields, flattened: its stretch of time, what it is, and each unit price. */
function fieldsOf(entry: ModelPrice): Record<string, Value> {
  const { longContext, ...prices } = entry.prices;
  return {
    mode: entry.mode,
    contextWindow: entry.contextWindow,
    capabilities: [...entry.capabilities].sort().join(',') || null,
    deprecationDate: entry.deprecationDate,
    effectiveTo: entry.effectiveTo,
    ...prices,
    'longContext.thresholdTokens': longContext?.thresholdTokens ?? null,
    'longContext.inputMtok': longContext?.inputMtok ?? null,
    'longContext.outputMtok': longContext?.outputMtok ?? null,
    'longContext.cachedInputMtok': longContext?.cachedInputMtok ?? null,
  };
}

/** One entry per provider, model and first charge day: a dated price change is its own entry. */
const keyOf = (entry: ModelPrice) => `${entry.provider}\u0000${entry.model}\u0000${entry.effectiveFrom ?? ''}`;

function byKey(entries: ModelPrice[]): Map<string, ModelPrice> {
  return new Map(entries.map((entry) => [keyOf(entry), entry]));
}

const named = (entry: ModelPrice) => ({ provider: entry.provider, model: entry.model, ...(entry.effectiveFrom ? { effectiveFrom: entry.effectiveFrom } : {}) });

const order = (a: { provider: string; model: string }, b: { provider: string; model: string }) =>
  a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model);

/** What moving from `before` (the active version, or none) to `after` changes, entry by entry and field by field. */
export function diffPriceBooks(from: number | null, before: ModelPrice[], to: number, after: ModelPrice[]): PriceBookDiff {
  const was = byKey(before);
  const now = byKey(after);
  const diff: PriceBookDiff = { from, to, added: [], removed: [], changed: [] };
  for (const [key, entry] of now) {
    const old = was.get(key);
    if (!old) {
      diff.added.push(named(entry));
      continue;
    }
    const [oldFields, newFields] = [fieldsOf(old), fieldsOf(entry)];
    for (const field of Object.keys(newFields)) {
      if (oldFields[field] !== newFields[field]) diff.changed.push({ ...named(entry), field, before: oldFields[field], after: newFields[field] });
    }
  }
  for (const [key, entry] of was) if (!now.has(key)) diff.removed.push(named(entry));
  diff.added.sort(order);
  diff.removed.sort(order);
  diff.changed.sort((a, b) => order(a, b) || a.field.localeCompare(b.field));
  return diff;
}
