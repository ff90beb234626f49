import type { CostFileWarningKind } from '@apex/contracts';
import { AiSpendSignals, isAiSpend } from '@apex/domain';
import { AiFieldReader } from './ai-fields';
import { DecimalSum } from './decimal-sum';
import { STORED_FOCUS_COLUMNS } from './canonical-columns';
import type { FocusHeaderPlan } from './focus-header';
import { allowedValueMatcher, isNull, ParsedDateTime, parseCurrencyCode, parseDateTime, parseDecimal, parseKeyValue, parseSpreadsheetDecimal, quoteValue } from './focus-values';
import { isSlashDate, readSlashDate, SlashDateOrder, slashOrderOfBillingPeriod } from './slash-dates';
import { FOCUS_ALLOWED_VALUES } from './spec/allowed-values';

/** Reports one problem of a data row; `column` as the header spells it, null for the row as a whole. */
export type RowProblemReporter = (line: number, column: string | null, message: string) => void;

/** Reports a value the row was loaded with all the same, by the kind of its deviation. */
export type RowWarningReporter = (kind: CostFileWarningKind, line: number, column: string | null, message: string) => void;

/** The good rows of a file: their count, totals in the file's one billing currency, and the period they cover. */
export interface EncodedRowsSummary {
  rowCount: number;
  currency: string;
  billedCost: string;
  effectiveCost: string;
  /** ISO 8601, as the file writes it. */
  periodStart: string;
  periodEnd: string;
}

/** Where the rows of one file go: the provenance every row carries. */
export interface RowProvenance {
  orgId: string;
  connectionId: string;
  sourceId: string;
}

const enum Kind {
  Text,
  Decimal,
  DateTime,
  Currency,
  KeyValue,
  Allowed,
}

interface Cell {
  index: number;
  name: string;
  id: string;
  kind: Kind;
  allowsNulls: boolean;
  /** FOCUS allows no null here, but no figure reads the column: a null warns instead of refusing the row. */
  toleratesNulls: boolean;
  /** Position among the stored FOCUS columns; -1 when cost_rows does not keep the column. */
  slot: number;
  /** Which of ChargePeriodStart, ChargePeriodEnd, BillingPeriodStart, BillingPeriodEnd (0–3) the column is; -1 for others. */
  period: number;
  allowed: (raw: string) => string | undefined;
  allowedValues: readonly string[];
  /** A value outside the allowed ones warns instead of refusing the row (see LENIENT_COLUMNS). */
  lenient: boolean;
}

const NULL = '\\N';
const COPY_SPECIAL = /[\\\t\n\r\0]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value as COPY's text format reads it; undefined for a NUL character, which PostgreSQL cannot store in text. */
function copyText(value: string): string | undefined {
  if (!COPY_SPECIAL.test(value)) return value;
  if (value.includes('\0')) return undefined;
  return value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]);
}

/** Why a date like 5/1/25 is not read: which of its numbers is the month, the file cannot say. */
function slashDateNote(raw: string): string {
  const date = /^\s*(\d{1,2})\/(\d{1,2})\/\d{2,4}\s*$/.exec(raw);
  return date && Number(date[1]) <= 12 && Number(date[2]) <= 12 ? `: ${raw.trim()} may be month ${date[1]} or month ${date[2]}` : '';
}

const PERIOD_COLUMNS = ['ChargePeriodStart', 'ChargePeriodEnd', 'BillingPeriodStart', 'BillingPeriodEnd'];

/**
 * Columns FOCUS allows no null in that feed no figure: no total, no period, no currency and no classification of
 * spend reads them, so a row with a null there (as real exports hold: Oracle's rows of a multicloud FOCUS 1.0
 * export write ContractedCost as the text NULL) is loaded with the null and a warning. Every other column FOCUS
 * allows no null in stays strict: BilledCost, EffectiveCost and ListCost are the figures; ChargePeriodStart/End and
 * BillingPeriodStart/End place them in time (and decide which earlier rows a file replaces); BillingCurrency is
 * their unit; ChargeCategory and ChargeFrequency say what a cost is (a purchase, a tax, a one-time fee);
 * ProviderName, ServiceName and ServiceCategory decide whether it is AI spend.
 */
export const NULL_TOLERATED_COLUMNS: ReadonlySet<string> = new Set([
  'ContractedCost',
  'BillingAccountId',
  'BillingAccountType',
  'InvoiceIssuerName',
  'PublisherName',
  'ServiceSubcategory',
]);

/**
 * Allowed-value columns where a wrong value moves no amount: a row is not refused for them. A value FOCUS does not
 * allow is stored as null, or as the FOCUS value it plainly names when it is an earlier version's spelling, and
 * reported as a warning. ChargeCategory, ChargeClass, ChargeFrequency and ServiceCategory stay strict: they decide
 * what a row's cost is (a purchase, a correction) or whether it is AI spend.
 */
const LENIENT_COLUMNS = new Set(['PricingCategory', 'CommitmentDiscountCategory', 'CommitmentDiscountStatus', 'CapacityReservationStatus']);

/** FOCUS 1.0-preview's PricingCategory values, renamed in 1.0, and providers' usual words for the same. */
const EARLIER_SPELLINGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  PricingCategory: { 'on-demand': 'Standard', ondemand: 'Standard', 'on demand': 'Standard', 'commitment-based': 'Committed', 'commitment based': 'Committed' },
};

/**
 * Parsed values by their text. A FOCUS file repeats the same few timestamps (its periods) and tag sets on row after
 * row, so each is parsed once; the memo is emptied when it grows, which bounds it. Parsed objects are never changed.
 */
class Memo<T> {
  /** null: the text did not parse. */
  private readonly values = new Map<string, T | null>();

  constructor(private readonly limit: number) {}

  get(raw: string, parse: (raw: string) => T | undefined): T | undefined {
    const known = this.values.get(raw);
    if (known !== undefined) return known ?? undefined;
    const value = parse(raw) ?? null;
    if (this.values.size >= this.limit) this.values.clear();
    this.values.set(raw, value);
    return value ?? undefined;
  }
}

const slotOf = new Map<string, number>(STORED_FOCUS_COLUMNS.map((id, slot) => [id, slot]));
const SLOT = Object.fromEntries(STORED_FOCUS_COLUMNS.map((id, slot) => [id, slot])) as Record<(typeof STORED_FOCUS_COLUMNS)[number], number>;

/**
 * Checks each data row of a FOCUS file against its version's column table (types, nulls, allowed values, one
 * ISO 4217 billing currency per file, periods that end after they start) and encodes the good ones as lines of
 * PostgreSQL COPY text in COST_ROW_COPY_COLUMNS order, AI fields included. Every problem goes to the reporter;
 * a row with any problem encodes to null.
 */
export class FocusRowEncoder {
  private readonly cells: Cell[];
  private readonly extraColumns: { index: number; key: string }[];
  private readonly width: number;
  private readonly prefix: string;
  private readonly ai: AiFieldReader;
  private readonly aiVerdicts = new Map<string, boolean>();
  private readonly times = new Float64Array(4);
  private readonly dateTimes = new Memo<ParsedDateTime>(20_000);
  private readonly keyValues = new Memo<Record<string, unknown>>(5_000);
  private currencyOnLine = 0;
  /** How the file writes dates like 4/1/25, once its billing period has told. */
  private slashOrder: SlashDateOrder | null = null;

  /** The file's billing currency, from its first row. */
  currency: string | null = null;
  /** Rows encoded without a problem. */
  rows = 0;
  private readonly billed = new DecimalSum();
  private readonly effective = new DecimalSum();
  private periodStart = { epochMs: Infinity, iso: '' };
  private periodEnd = { epochMs: -Infinity, iso: '' };

  constructor(
    plan: FocusHeaderPlan,
    provenance: RowProvenance,
    private readonly report: RowProblemReporter,
    /** Values that kept their row but not their spelling; a row with only warnings is encoded. */
    private readonly warn: RowWarningReporter = () => undefined,
  ) {
    this.width = plan.width;
    this.extraColumns = plan.extraColumns.map((column) => ({ index: column.index, key: JSON.stringify(column.name) }));
    this.prefix = `${provenance.orgId}\t${provenance.connectionId}\t${provenance.sourceId}\t${NULL}\t`;
    this.ai = new AiFieldReader(plan);
    this.cells = plan.columns.flatMap((column): Cell[] => {
      const spec = column.spec;
      if (!spec) return [];
      const allowedValues = FOCUS_ALLOWED_VALUES[spec.id];
      const kind =
        spec.dataType === 'Decimal'
          ? Kind.Decimal
          : spec.dataType === 'Date/Time'
            ? Kind.DateTime
            : spec.dataType === 'JSON'
              ? Kind.KeyValue
              : spec.id === 'BillingCurrency'
                ? Kind.Currency
                : allowedValues
                  ? Kind.Allowed
                  : Kind.Text;
      return [
        {
          index: column.index,
          name: column.name,
          id: spec.id,
          kind,
          allowsNulls: spec.allowsNulls,
          toleratesNulls: NULL_TOLERATED_COLUMNS.has(spec.id),
          slot: slotOf.get(spec.id) ?? -1,
          period: PERIOD_COLUMNS.indexOf(spec.id),
          allowed: allowedValueMatcher(allowedValues ?? []),
          allowedValues: allowedValues ?? [],
          lenient: LENIENT_COLUMNS.has(spec.id),
        },
      ];
    });
  }

  /** The COPY line of a data row (with its newline), or null when the row has a problem. */
  encode(fields: string[], line: number): string | null {
    if (fields.length !== this.width) {
      this.report(
        line,
        null,
        `The row has ${fields.length} ${fields.length === 1 ? 'field' : 'fields'} where the header has ${this.width} columns` +
          (fields.length < this.width ? ': the line may be cut short.' : '.'),
      );
      return null;
    }
    const out = new Array<string>(STORED_FOCUS_COLUMNS.length).fill(NULL);
    const times = this.times.fill(NaN);
    let skuPriceDetails: Record<string, unknown> | null = null;
    let ok = true;
    const fail = (cell: Cell, message: string) => {
      ok = false;
      this.report(line, cell.name, message);
    };

    for (const cell of this.cells) {
      const raw = fields[cell.index];
      if (isNull(raw)) {
        if (cell.allowsNulls) continue;
        const held = raw.trim() === '' ? `${cell.id} is empty` : `${cell.id} holds ${quoteValue(raw)}`;
        if (cell.toleratesNulls) this.warn('null_in_required_column', line, cell.name, `${held}, and FOCUS does not allow it to be null: the row was loaded with no value there.`);
        else fail(cell, `${held}, and FOCUS does not allow it to be null.`);
        continue;
      }
      let stored: string | undefined;
      switch (cell.kind) {
        case Kind.Decimal:
          stored = parseDecimal(raw) ?? this.spreadsheetDecimal(raw, cell, line);
          if (stored === undefined) fail(cell, `${quoteValue(raw)} is not a FOCUS number: digits with an optional decimal point, sign and exponent, without currency symbols or thousands separators.`);
          break;
        case Kind.DateTime: {
          const parsed = this.dateTimes.get(raw, parseDateTime) ?? this.spreadsheetDate(fields, raw, line, cell);
          if (!parsed) {
            fail(cell, `${quoteValue(raw)} is not an ISO 8601 date/time in UTC, as FOCUS requires (like 2024-01-31T00:00:00Z)${slashDateNote(raw)}.`);
            break;
          }
          stored = parsed.iso;
          if (cell.period >= 0) times[cell.period] = parsed.epochMs;
          break;
        }
        case Kind.Currency:
          stored = parseCurrencyCode(raw);
          if (stored === undefined) {
            fail(cell, `${quoteValue(raw)} is not an ISO 4217 currency code (three capital letters, like USD).`);
          } else if (this.currency === null) {
            this.currency = stored;
            this.currencyOnLine = line;
          } else if (stored !== this.currency) {
            fail(cell, `${stored} differs from ${this.currency} (line ${this.currencyOnLine}): a file has one billing currency; upload each currency's rows as its own file.`);
          }
          break;
        case Kind.KeyValue: {
          const parsed = this.keyValues.get(raw, parseKeyValue);
          if (!parsed) fail(cell, `${quoteValue(raw)} is not a JSON object, as FOCUS's key-value format requires.`);
          else if (cell.id === 'SkuPriceDetails') skuPriceDetails = parsed;
          stored = parsed ? raw.trim() : undefined;
          break;
        }
        case Kind.Allowed:
          stored = cell.allowed(raw);
          if (stored !== undefined) break;
          if (!cell.lenient) {
            fail(cell, `${quoteValue(raw)} is not a FOCUS ${cell.id}: one of ${cell.allowedValues.join(', ')}.`);
            break;
          }
          stored = EARLIER_SPELLINGS[cell.id]?.[raw.trim().toLowerCase()];
          this.warn(
            'value_not_allowed',
            line,
            cell.name,
            `${quoteValue(raw)} is not a FOCUS ${cell.id} (one of ${cell.allowedValues.join(', ')}): ` +
              (stored === undefined ? 'the row was loaded with no value there.' : `the row was loaded with ${stored}, the value it names.`),
          );
          break;
        case Kind.Text:
          stored = raw;
          break;
      }
      if (stored !== undefined && cell.slot >= 0) {
        const text = copyText(stored);
        if (text === undefined) fail(cell, `The value contains a NUL character, which cannot be stored.`);
        else out[cell.slot] = text;
      }
    }

    if (times[1] <= times[0]) this.report(line, this.nameOf('ChargePeriodEnd'), 'ChargePeriodEnd is not after ChargePeriodStart.');
    if (times[3] <= times[2]) this.report(line, this.nameOf('BillingPeriodEnd'), 'BillingPeriodEnd is not after BillingPeriodStart.');
    ok = ok && !(times[1] <= times[0]) && !(times[3] <= times[2]);

    const ai = this.ai.read(fields, skuPriceDetails, (column, message) => {
      ok = false;
      this.report(line, column, message);
    });
    const extra = this.extraColumns.length ? this.extraColumnsOf(fields) : NULL;
    if (extra === undefined) {
      ok = false;
      this.report(line, null, 'An extra column holds a NUL character, which cannot be stored.');
    }
    if (!ok) return null;

    const isAi = this.isAi(out[SLOT.ProviderName], out[SLOT.ServiceName], out[SLOT.ServiceCategory], ai.model);
    const model = ai.model === null ? NULL : copyText(ai.model);
    if (model === undefined) {
      this.report(line, null, 'The model name contains a NUL character, which cannot be stored.');
      return null;
    }
    this.rows++;
    // A header that missed a cost column has already refused the file; its rows are only being checked.
    if (out[SLOT.BilledCost] !== NULL) this.billed.add(out[SLOT.BilledCost]);
    if (out[SLOT.EffectiveCost] !== NULL) this.effective.add(out[SLOT.EffectiveCost]);
    this.widenPeriod(times, out);
    return (
      `${this.prefix}${line}\t${out.join('\t')}\t${isAi ? 't' : 'f'}\t${model}\t` +
      `${ai.inputTokens ?? NULL}\t${ai.outputTokens ?? NULL}\t${ai.cachedTokens ?? NULL}\t${ai.requests ?? NULL}\t${extra}\n`
    );
  }

  /**
   * What the rows encoded so far add up to, and the charge period they cover: from the first ChargePeriodStart to
   * the last ChargePeriodEnd, each row's end clipped to its billing period when that still leaves the row a period.
   */
  summary(): EncodedRowsSummary | null {
    if (this.rows === 0 || this.currency === null) return null;
    return {
      rowCount: this.rows,
      currency: this.currency,
      billedCost: this.billed.toString(),
      effectiveCost: this.effective.toString(),
      periodStart: this.periodStart.iso,
      periodEnd: this.periodEnd.iso,
    };
  }

  private widenPeriod(times: Float64Array, out: string[]): void {
    const [chargeStart, chargeEnd, , billingEnd] = times;
    if (chargeStart < this.periodStart.epochMs) this.periodStart = { epochMs: chargeStart, iso: out[SLOT.ChargePeriodStart] };
    const clipped = billingEnd < chargeEnd && billingEnd > chargeStart;
    const end = clipped ? billingEnd : chargeEnd;
    if (end > this.periodEnd.epochMs) this.periodEnd = { epochMs: end, iso: out[clipped ? SLOT.BillingPeriodEnd : SLOT.ChargePeriodEnd] };
  }

  /** An amount as a spreadsheet writes it, read exactly and warned about; undefined when it is no amount at all. */
  private spreadsheetDecimal(raw: string, cell: Cell, line: number): string | undefined {
    const value = parseSpreadsheetDecimal(raw);
    if (value !== undefined) {
      this.warn('spreadsheet_number', line, cell.name, `${quoteValue(raw)} is written as a spreadsheet shows an amount, not as a FOCUS number: the row was loaded with ${value}.`);
    }
    return value;
  }

  /**
   * The row's custom and unknown columns as COPY text of a JSON object (name → text, nulls left out); \N when
   * they are all null; undefined when one holds a NUL character, which jsonb cannot store.
   */
  private extraColumnsOf(fields: string[]): string | undefined {
    let json = '';
    for (const { index, key } of this.extraColumns) {
      const raw = fields[index];
      if (isNull(raw)) continue;
      if (raw.includes('\0')) return undefined;
      json += `${json ? ',' : '{'}${key}:${JSON.stringify(raw)}`;
    }
    return json ? copyText(`${json}}`) : NULL;
  }

  /**
   * A date as spreadsheets write it (the FOCUS specification's own examples write 4/1/25): read once the file's
   * billing period tells which number is the month (see slashOrderOfBillingPeriod), and warned about. Undefined
   * while the order is unknown, which refuses the cell.
   */
  private spreadsheetDate(fields: string[], raw: string, line: number, cell: Cell): ParsedDateTime | undefined {
    if (!isSlashDate(raw)) return undefined;
    this.slashOrder ??= slashOrderOfBillingPeriod(fields[this.positionOf('BillingPeriodStart')], fields[this.positionOf('BillingPeriodEnd')]);
    if (this.slashOrder === null) return undefined;
    const parsed = readSlashDate(raw, this.slashOrder);
    if (parsed) {
      this.warn(
        'spreadsheet_date',
        line,
        cell.name,
        `${quoteValue(raw)} is written as a spreadsheet writes a date, not as ISO 8601: read as ${parsed.iso.slice(0, 10)}, ${this.slashOrder === 'month-first' ? 'month' : 'day'} first, as the file's billing period shows.`,
      );
    }
    return parsed;
  }

  private positionOf(id: string): number {
    return this.cells.find((cell) => cell.id === id)?.index ?? -1;
  }

  private nameOf(id: string): string {
    return this.cells.find((cell) => cell.id === id)?.name ?? id;
  }

  /** isAiSpend, remembered per distinct provider, service, category and model (a file has few of them). */
  private isAi(provider: string, service: string, category: string, model: string | null): boolean {
    const key = `${provider}\u0001${service}\u0001${category}\u0001${model ?? ''}`;
    let verdict = this.aiVerdicts.get(key);
    if (verdict === undefined) {
      const signals: AiSpendSignals = {
        providerName: provider === NULL ? null : provider,
        serviceName: service === NULL ? null : service,
        serviceCategory: category === NULL ? null : category,
        model,
      };
      verdict = isAiSpend(signals);
      if (this.aiVerdicts.size < 100_000) this.aiVerdicts.set(key, verdict);
    }
    return verdict;
  }
}
