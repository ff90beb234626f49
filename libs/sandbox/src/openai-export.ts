import { z } from 'zod';
import type { CanonicalCostRow } from '@apex/contracts';
import { CostFileRejected, FileProblems, mapOpenAiCosts, mapOpenAiUsage, parseJsonKeepingNumbers } from '@apex/costs';

/** The two pages an OpenAI usage export holds: GET /v1/organization/costs and GET /v1/organization/usage/completions. */
export type OpenAiExportPageKind = 'costs' | 'usage';

export interface OpenAiExportPage {
  kind: OpenAiExportPageKind;
  rows: CanonicalCostRow[];
}

/** An export read, checked and mapped: its pages in the connector's order (costs first), and the whole UTC days it covers. */
export interface OpenAiExport {
  pages: OpenAiExportPage[];
  /** `YYYY-MM-DD`, [start, end). */
  start: string;
  end: string;
}

const COSTS_RESULT = 'organization.costs.result';
const USAGE_RESULT = 'organization.usage.completions.result';
const ACCEPTED =
  'an OpenAI Costs page (GET /v1/organization/costs), a Usage page for completions (GET /v1/organization/usage/completions), ' +
  'an array of such pages, or an object {"costs": page or [pages], "usage": page or [pages]}';
const DAY_MS = 86_400_000;

const optionalText = z.string().nullable().optional();
const count = z.int({ error: 'must be a whole number' }).nonnegative({ error: 'must not be negative' });

const costsResult = z.looseObject({
  object: z.literal(COSTS_RESULT, { error: `must be "${COSTS_RESULT}" in a Costs page` }),
  amount: z.looseObject({
    value: z.number({ error: 'must be the amount as a JSON number' }),
    currency: z.string({ error: 'must be the currency code' }).min(1, { error: 'must be the currency code' }),
  }, { error: 'must be {"value", "currency"}' }),
  line_item: optionalText,
  project_id: optionalText,
  api_key_id: optionalText,
  quantity: z.number().nonnegative().nullable().optional(),
  quantity_unit: optionalText,
});

const usageResult = z.looseObject({
  object: z.literal(USAGE_RESULT, { error: `must be "${USAGE_RESULT}" in a Usage page (only completions usage is read)` }),
  input_tokens: count,
  output_tokens: count,
  input_cached_tokens: count.optional(),
  num_model_requests: count,
  model: optionalText,
  project_id: optionalText,
  api_key_id: optionalText,
  user_id: optionalText,
  batch: z.boolean().nullable().optional(),
  service_tier: optionalText,
});

const pageOf = (result: z.ZodType) =>
  z.looseObject({
    object: z.literal('page', { error: 'must be "page"' }),
    data: z.array(
      z
        .looseObject({
          object: z.literal('bucket', { error: 'must be "bucket"' }),
          start_time: z.int({ error: 'must be Unix seconds' }).nonnegative(),
          end_time: z.int({ error: 'must be Unix seconds' }).nonnegative(),
          results: z.array(result, { error: 'must be an array of results' }),
        }, { error: 'must be a bucket object' })
        .refine((bucket) => bucket.end_time > bucket.start_time, { error: 'end_time must be after start_time', path: ['end_time'] }),
      { error: 'must be an array of buckets' },
    ),
    has_more: z.boolean({ error: 'must be true or false' }),
    next_page: z.string().nullable().optional(),
  }, { error: 'must be a page object' });

const SCHEMAS: Record<OpenAiExportPageKind, z.ZodType> = { costs: pageOf(costsResult), usage: pageOf(usageResult) };

/** Where a page sits in the document, and which kind it must be (null: told by its results' `object`). */
interface Placed {
  path: (string | number)[];
  kind: OpenAiExportPageKind | null;
}

type Parsed = { [key: string]: unknown };

const isObject = (value: unknown): value is Parsed => typeof value === 'object' && value !== null && !Array.isArray(value);
const pathText = (path: readonly PropertyKey[]) =>
  path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '') || '(the document)';

/**
 * Reads the JSON of an OpenAI usage export, checks every page strictly and maps it with the OpenAI connection's own
 * mapping. Refuses the whole file with CostFileRejected, naming each problem by its JSON path; nothing is stored.
 */
export function readOpenAiExport(fileName: string, text: string): OpenAiExport {
  const problems = new FileProblems(fileName);
  const refuse = (): never => {
    throw CostFileRejected.from(problems);
  };

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    problems.add(null, null, `The file is not valid JSON (${(error as Error).message}). Send ${ACCEPTED}.`);
    refuse();
  }

  const placed = place(document, problems);
  if (problems.count) refuse();

  // Checked on JSON.parse's values, for types; the rows come from the literal text, so no amount passes through a float.
  const lossless = parseJsonKeepingNumbers(text);
  const pages: OpenAiExportPage[] = [];
  const seen = new Map<string, string>();
  for (const { path, kind: told } of placed) {
    const page = at(document, path);
    const found = told ? { kind: told, bucket: 0 } : kindOf(page);
    if (!found.kind) {
      problems.add(null, pathText([...path, 'data', found.bucket, 'results', 0, 'object']), `must be "${COSTS_RESULT}" or "${USAGE_RESULT}"; the sandbox reads ${ACCEPTED}`);
      continue;
    }
    const kind = found.kind;
    const checked = SCHEMAS[kind].safeParse(page);
    if (!checked.success) {
      for (const issue of checked.error.issues) problems.add(null, pathText([...path, ...issue.path]), issue.message);
      continue;
    }
    findRepeats(kind, page as Parsed, path, seen, problems);
    try {
      pages.push({ kind, rows: kind === 'costs' ? mapOpenAiCosts(at(lossless, path)) : mapOpenAiUsage(at(lossless, path), 'completions') });
    } catch (error) {
      problems.add(null, pathText(path), (error as Error).message);
    }
  }
  if (problems.count) refuse();
  if (!pages.some((page) => page.rows.length > 0)) {
    problems.add(null, null, `The export holds no results: its buckets are empty. Send ${ACCEPTED}, for a period with usage.`);
    refuse();
  }

  pages.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'costs' ? -1 : 1));
  const rows = pages.flatMap((page) => page.rows);
  const start = rows.reduce((first, row) => Math.min(first, Date.parse(row.chargePeriodStart)), Infinity);
  const end = rows.reduce((last, row) => Math.max(last, Date.parse(row.chargePeriodEnd)), -Infinity);
  return { pages, start: day(Math.floor(start / DAY_MS) * DAY_MS), end: day(Math.ceil(end / DAY_MS) * DAY_MS) };
}

/** The pages of the accepted shapes, or the problems of a document of another shape. */
function place(document: unknown, problems: FileProblems): Placed[] {
  if (Array.isArray(document)) {
    if (document.length === 0) problems.add(null, null, `The array holds no pages. Send ${ACCEPTED}.`);
    return document.map((_, index) => ({ path: [index], kind: null }));
  }
  if (!isObject(document)) {
    problems.add(null, null, `The JSON is a ${document === null ? 'null' : typeof document}. Send ${ACCEPTED}.`);
    return [];
  }
  if ('object' in document) return [{ path: [], kind: null }];
  const unknown = Object.keys(document).filter((key) => key !== 'costs' && key !== 'usage');
  for (const key of unknown) problems.add(null, pathText([key]), `is not read: the object may hold only "costs" and "usage". Send ${ACCEPTED}.`);
  if (!('costs' in document) && !('usage' in document)) {
    if (!unknown.length) problems.add(null, null, `The object holds neither "costs" nor "usage". Send ${ACCEPTED}.`);
    return [];
  }
  return (['costs', 'usage'] as const).flatMap((kind) => {
    if (!(kind in document)) return [];
    const value = document[kind];
    if (!Array.isArray(value)) return [{ path: [kind], kind }];
    if (value.length === 0) problems.add(null, pathText([kind]), 'holds no pages; leave it out instead');
    return value.map((_, index) => ({ path: [kind, index], kind }));
  });
}

/**
 * A page's kind by its first result's `object` (null for another endpoint's, with the bucket it is in); a page
 * without results is checked as a Costs page, which it adds no row to.
 */
function kindOf(page: unknown): { kind: OpenAiExportPageKind | null; bucket: number } {
  const buckets = isObject(page) && Array.isArray(page['data']) ? page['data'] : [];
  for (const [index, bucket] of buckets.entries()) {
    const first = isObject(bucket) && Array.isArray(bucket['results']) ? bucket['results'][0] : undefined;
    if (first === undefined) continue;
    const object = isObject(first) ? first['object'] : undefined;
    return { kind: object === COSTS_RESULT ? 'costs' : object === USAGE_RESULT ? 'usage' : null, bucket: index };
  }
  return { kind: 'costs', bucket: 0 };
}

/** The fields a result is grouped by: one result per bucket and group, so a repeated one would be counted twice. */
const GROUPING: Record<OpenAiExportPageKind, string[]> = {
  costs: ['line_item', 'project_id', 'api_key_id'],
  usage: ['model', 'project_id', 'api_key_id', 'user_id', 'batch', 'service_tier'],
};

/** The same group of the same bucket sent twice (a page sent twice) is refused, naming both places. */
function findRepeats(kind: OpenAiExportPageKind, page: Parsed, path: (string | number)[], seen: Map<string, string>, problems: FileProblems): void {
  (page['data'] as Parsed[]).forEach((bucket, b) =>
    (bucket['results'] as Parsed[]).forEach((result, r) => {
      const key = JSON.stringify([kind, bucket['start_time'], bucket['end_time'], ...GROUPING[kind].map((field) => result[field] ?? null)]);
      const here = pathText([...path, 'data', b, 'results', r]);
      const before = seen.get(key);
      if (before) problems.add(null, here, `repeats ${before}, the same bucket and ${kind === 'costs' ? 'line item' : 'model'}: send each page once`);
      else seen.set(key, here);
    }),
  );
}

function at<T>(document: T, path: (string | number)[]): T {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], document) as T;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
