/**
 * Loading a FOCUS file: Apex's whole path against a plain COPY of the same rows, into the same table, in one run.
 *
 *   bare      the same COPY with the rollup triggers disabled: PostgreSQL's speed into the table alone
 *   baseline  `COPY cost_rows (…) FROM STDIN (FORMAT csv)` of a CSV that already holds the canonical rows (the
 *             exact values Apex would store, provenance and AI fields included), the rollup triggers on: PostgreSQL's own
 *             speed into the table as Apex keeps it
 *   apex      FocusFileLoader on the FOCUS 1.2 CSV: read as a stream, header and version check, every value
 *             checked against the spec's column table, mapped to canonical rows with AI fields, COPY into
 *             cost_rows in one transaction, period totals, replacement of earlier rows, commit
 *
 * Both files are generated first (deterministic, realistic: AWS, Azure, GCP and OpenAI rows, a third of them AI
 * spend billed per token) into a temporary directory. cost_rows is emptied before each load; rounds alternate which
 * load goes first, and after each load a fingerprint of cost_rows (sums, counts, tokens, lines) must be the same for
 * both, so they did the same work. Each Apex load runs in a child process whose RSS is sampled every 10 ms (and its
 * maxRSS read at the end), with a full GC after each tenth of the file to show what the load holds on to (the time
 * those GCs take is not counted); a load of a tenth of the file shows whether memory grows with it.
 *
 *   npx nx run bench:focus-load             (ROWS=1000000 ROUNDS=2 to change the size)
 *   APEX_BENCH_DATABASE_URL=postgres://…    uses that database instead of an embedded server
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { AppConfig } from '@apex/config';
import { COST_ROW_COPY_COLUMNS, FocusFileLoader, STORED_FOCUS_COLUMNS } from '@apex/costs';
import { dataSourceOptions, runMigrations } from '@apex/db';
import { benchDatabase } from './bench-database';

const ROWS = Number(process.env['ROWS'] ?? 1_000_000);
const SMALL_ROWS = Math.max(1, Math.floor(ROWS / 10));
const ROUNDS = Number(process.env['ROUNDS'] ?? 2);
const TIME_LIMIT_MS = 20 * 60_000;

/** FOCUS 1.2's columns in the order its column table lists them, as an exporter writes them. */
const FOCUS_12_HEADER = [
  'AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingAccountType', 'BillingCurrency',
  'BillingPeriodEnd', 'BillingPeriodStart', 'CapacityReservationId', 'CapacityReservationStatus', 'ChargeCategory',
  'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'CommitmentDiscountCategory',
  'CommitmentDiscountId', 'CommitmentDiscountName', 'CommitmentDiscountQuantity', 'CommitmentDiscountStatus',
  'CommitmentDiscountType', 'CommitmentDiscountUnit', 'ConsumedQuantity', 'ConsumedUnit', 'ContractedCost',
  'ContractedUnitPrice', 'EffectiveCost', 'InvoiceId', 'InvoiceIssuerName', 'ListCost', 'ListUnitPrice', 'PricingCategory',
  'PricingCurrency', 'PricingCurrencyContractedUnitPrice', 'PricingCurrencyEffectiveCost', 'PricingCurrencyListUnitPrice',
  'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'RegionId', 'RegionName', 'ResourceId', 'ResourceName',
  'ResourceType', 'ServiceCategory', 'ServiceName', 'ServiceSubcategory', 'SkuId', 'SkuMeter', 'SkuPriceDetails', 'SkuPriceId',
  'SubAccountId', 'SubAccountName', 'SubAccountType', 'Tags',
];

interface Offer {
  provider: string;
  invoiceIssuer: string;
  service: string;
  category: string;
  subcategory: string;
  region: [string, string];
  resourceType: string;
  resource: (n: number) => [id: string, name: string];
  sku: string;
  meter: string;
  unit: string;
  /** Price of one unit in billionths of the currency. */
  priceNano: number;
  maxQuantity: number;
  model?: string;
  tokenKind?: 'input_tokens' | 'output_tokens' | 'cached_tokens';
  /** Tokens per unit. */
  tokensPerUnit?: number;
  skuPriceDetails?: string;
}

const OFFERS: Offer[] = [
  {
    provider: 'Amazon Web Services', invoiceIssuer: 'Amazon Web Services, Inc.', service: 'Amazon Elastic Compute Cloud', category: 'Compute',
    subcategory: 'Virtual Machines', region: ['us-east-1', 'US East (N. Virginia)'], resourceType: 'Instance',
    resource: (n) => [`arn:aws:ec2:us-east-1:210987654321:instance/i-0${(n * 7919).toString(16).padStart(16, '0')}`, `web-${n}`],
    sku: 'JRTCKXETXF', meter: 'm7i.large', unit: 'Hours', priceNano: 100_800_000, maxQuantity: 1,
  },
  {
    provider: 'Amazon Web Services', invoiceIssuer: 'Amazon Web Services, Inc.', service: 'Amazon Simple Storage Service', category: 'Storage',
    subcategory: 'Object Storage', region: ['eu-west-1', 'Europe (Ireland)'], resourceType: 'Bucket',
    resource: (n) => [`arn:aws:s3:::datalake-${n}`, `datalake-${n}`], sku: 'WP9ANXZGBYYSGJEA', meter: 'TimedStorage-ByteHrs',
    unit: 'GB-Hours', priceNano: 31_944, maxQuantity: 5000,
  },
  {
    provider: 'Amazon Web Services', invoiceIssuer: 'Amazon Web Services, Inc.', service: 'Amazon Bedrock', category: 'AI and Machine Learning',
    subcategory: 'Generative AI', region: ['us-east-1', 'US East (N. Virginia)'], resourceType: 'Foundation Model',
    resource: () => ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0', 'Claude 3.5 Haiku'],
    sku: 'B7FKU6XEW6W4PDNP', meter: 'Input Tokens', unit: '1000 Tokens', priceNano: 800_000, maxQuantity: 900,
    model: 'anthropic.claude-3-5-haiku-20241022-v1:0', tokenKind: 'input_tokens', tokensPerUnit: 1000,
  },
  {
    provider: 'Amazon Web Services', invoiceIssuer: 'Amazon Web Services, Inc.', service: 'Amazon Bedrock', category: 'AI and Machine Learning',
    subcategory: 'Generative AI', region: ['us-east-1', 'US East (N. Virginia)'], resourceType: 'Foundation Model',
    resource: () => ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0', 'Claude 3.5 Haiku'],
    sku: 'GSNN4B5ZE8RKTYV8', meter: 'Output Tokens', unit: '1000 Tokens', priceNano: 4_000_000, maxQuantity: 200,
    model: 'anthropic.claude-3-5-haiku-20241022-v1:0', tokenKind: 'output_tokens', tokensPerUnit: 1000,
  },
  {
    provider: 'Microsoft', invoiceIssuer: 'Microsoft', service: 'Azure OpenAI Service', category: 'AI and Machine Learning',
    subcategory: 'Generative AI', region: ['swedencentral', 'Sweden Central'], resourceType: 'Cognitive Services account',
    resource: (n) => [`/subscriptions/6f1c1a5e-0000-4000-8000-00000000000${n % 10}/resourceGroups/ai/providers/Microsoft.CognitiveServices/accounts/oai-${n % 10}`, `oai-${n % 10}`],
    sku: 'DZH318Z0BQ4P', meter: 'gpt-4o-mini Output Tokens', unit: '1M Tokens', priceNano: 600_000_000, maxQuantity: 3,
    model: 'gpt-4o-mini', tokenKind: 'output_tokens', tokensPerUnit: 1_000_000, skuPriceDetails: '{"Model":"gpt-4o-mini","TokenType":"Output"}',
  },
  {
    provider: 'Microsoft', invoiceIssuer: 'Microsoft', service: 'Virtual Machines', category: 'Compute', subcategory: 'Virtual Machines',
    region: ['westeurope', 'West Europe'], resourceType: 'Virtual machine',
    resource: (n) => [`/subscriptions/6f1c1a5e-0000-4000-8000-000000000001/resourceGroups/app/providers/Microsoft.Compute/virtualMachines/vm-${n}`, `vm-${n}`],
    sku: 'DZH318Z0BPVW', meter: 'D4s v5', unit: 'Hours', priceNano: 192_000_000, maxQuantity: 1,
  },
  {
    provider: 'Google Cloud', invoiceIssuer: 'Google LLC', service: 'Vertex AI', category: 'AI and Machine Learning', subcategory: 'Generative AI',
    region: ['europe-west4', 'Netherlands'], resourceType: 'Model endpoint',
    resource: (n) => [`projects/ml-${n % 5}/locations/europe-west4/publishers/google/models/gemini-2.0-flash`, 'gemini-2.0-flash'],
    sku: '1B2D-4E5F-7A8B', meter: 'Gemini 2.0 Flash Cached Input Tokens', unit: 'Tokens', priceNano: 25, maxQuantity: 2_000_000,
    model: 'gemini-2.0-flash', tokenKind: 'cached_tokens', tokensPerUnit: 1, skuPriceDetails: '{"ModelName":"gemini-2.0-flash","TokenType":"Cached Input"}',
  },
  {
    provider: 'Google Cloud', invoiceIssuer: 'Google LLC', service: 'BigQuery', category: 'Analytics', subcategory: 'Data Processing',
    region: ['europe-west4', 'Netherlands'], resourceType: 'Dataset', resource: (n) => [`projects/analytics/datasets/events_${n % 40}`, `events_${n % 40}`],
    sku: '3362-E469-6BEF', meter: 'Analysis', unit: 'TB', priceNano: 6_250_000_000, maxQuantity: 2,
  },
  {
    provider: 'OpenAI', invoiceIssuer: 'OpenAI, L.L.C.', service: 'OpenAI API', category: 'AI and Machine Learning', subcategory: 'Generative AI',
    region: ['global', 'Global'], resourceType: 'Project', resource: (n) => [`proj_${(n * 104729).toString(36)}`, `project ${n % 30}`],
    sku: 'gpt-4o-input', meter: 'gpt-4o Input Tokens', unit: 'Tokens', priceNano: 2_500, maxQuantity: 400_000,
    model: 'gpt-4o', tokenKind: 'input_tokens', tokensPerUnit: 1, skuPriceDetails: '{"Model":"gpt-4o","TokenType":"Input"}',
  },
];

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Billionths to a decimal string with nine places. */
const money = (nano: number) => `${Math.floor(nano / 1e9)}.${String(nano % 1e9).padStart(9, '0')}`;
const hour = (index: number) => new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString().replace('.000Z', 'Z');
const csv = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

class Output {
  private buffer = '';
  constructor(private readonly stream: WriteStream) {}
  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length < 1 << 16) return;
    const full = !this.stream.write(this.buffer);
    this.buffer = '';
    if (full) await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
  }
  async close(): Promise<void> {
    this.stream.end(this.buffer);
    await new Promise<void>((resolve) => this.stream.once('finish', () => resolve()));
  }
}

/**
 * Writes the FOCUS file (and one of its first SMALL_ROWS rows) and the canonical CSV of the same rows, where
 * provenance names the baseline's own source and each row's line in the FOCUS file.
 */
async function generate(dir: string, baseline: { orgId: string; connectionId: string; sourceId: string }) {
  const paths = { focus: join(dir, 'focus-1.2.csv'), small: join(dir, 'focus-1.2-small.csv'), canonical: join(dir, 'canonical.csv') };
  const [focus, small, canonical] = [paths.focus, paths.small, paths.canonical].map((path) => new Output(createWriteStream(path)));
  const header = `${FOCUS_12_HEADER.join(',')}\n`;
  await focus.write(header);
  await small.write(header);
  const next = random(20250101);
  for (let i = 0; i < ROWS; i++) {
    const offer = OFFERS[Math.floor(next() * OFFERS.length)];
    const n = Math.floor(next() * 500);
    const start = Math.floor(next() * 31 * 24);
    const quantity = 1 + Math.floor(next() * offer.maxQuantity);
    const listNano = quantity * offer.priceNano;
    const effectiveNano = Math.round(listNano * 0.92);
    const [resourceId, resourceName] = offer.resource(n);
    const account = `21098765432${n % 3}`;
    const tags = `{"team":"${['ml', 'web', 'data'][n % 3]}","env":"${n % 4 === 0 ? 'staging' : 'prod'}"}`;
    const description = `${offer.meter} in ${offer.region[1]}`;
    const values: Record<string, string> = {
      BilledCost: money(effectiveNano), BillingAccountId: '123456789012', BillingAccountName: 'Acme Holdings', BillingAccountType: 'Billing Account',
      BillingCurrency: 'USD', BillingPeriodEnd: '2025-02-01T00:00:00Z', BillingPeriodStart: '2025-01-01T00:00:00Z', ChargeCategory: 'Usage',
      ChargeDescription: description, ChargeFrequency: 'Usage-Based', ChargePeriodEnd: hour(start + 1), ChargePeriodStart: hour(start),
      ConsumedQuantity: String(quantity), ConsumedUnit: offer.unit, ContractedCost: money(effectiveNano), ContractedUnitPrice: money(Math.round(offer.priceNano * 0.92)),
      EffectiveCost: money(effectiveNano), InvoiceId: 'INV-2025-01', InvoiceIssuerName: offer.invoiceIssuer, ListCost: money(listNano),
      ListUnitPrice: money(offer.priceNano), PricingCategory: 'Standard', PricingCurrency: 'USD', PricingQuantity: String(quantity), PricingUnit: offer.unit,
      ProviderName: offer.provider, PublisherName: offer.provider, RegionId: offer.region[0], RegionName: offer.region[1], ResourceId: resourceId,
      ResourceName: resourceName, ResourceType: offer.resourceType, ServiceCategory: offer.category, ServiceName: offer.service,
      ServiceSubcategory: offer.subcategory, SkuId: offer.sku, SkuMeter: offer.meter, SkuPriceDetails: offer.skuPriceDetails ?? '',
      SkuPriceId: `${offer.sku}.${offer.unit.replace(/\W/g, '')}`, SubAccountId: account, SubAccountName: `workload-${n % 3}`, SubAccountType: 'Account', Tags: tags,
    };
    const line = `${FOCUS_12_HEADER.map((column) => csv(values[column] ?? '')).join(',')}\n`;
    await focus.write(line);
    if (i < SMALL_ROWS) await small.write(line);

    const tokens = offer.tokenKind ? String(quantity * (offer.tokensPerUnit ?? 1)) : '';
    const ai: Record<string, string> = {
      is_ai: offer.category === 'AI and Machine Learning' || offer.provider === 'OpenAI' ? 't' : 'f',
      model: offer.model ?? '', input_tokens: offer.tokenKind === 'input_tokens' ? tokens : '',
      output_tokens: offer.tokenKind === 'output_tokens' ? tokens : '', cached_tokens: offer.tokenKind === 'cached_tokens' ? tokens : '', requests: '',
    };
    const stored = Object.fromEntries(STORED_FOCUS_COLUMNS.map((id) => [id.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(), values[id] ?? '']));
    const row: Record<string, string> = {
      org_id: baseline.orgId, connection_id: baseline.connectionId, source_id: baseline.sourceId, source_page: '', source_row: String(i + 2), ...stored, ...ai,
    };
    await canonical.write(`${COST_ROW_COPY_COLUMNS.map((column) => csv(row[column])).join(',')}\n`);
  }
  await Promise.all([focus.close(), small.close(), canonical.close()]);
  return paths;
}

interface Measured {
  rows: number;
  seconds: number;
  peakRssMb?: number;
  rssBeforeMb?: number;
  /** After a full GC at the end of each tenth of the file: what the load holds on to. Flat when memory does not grow with the file. */
  rssByTenthMb?: number[];
  heapByTenthMb?: number[];
  peakHeapUsedMb?: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

interface ChildLoad {
  databaseUrl: string;
  path: string;
  orgId: string;
  userId: string;
}

/**
 * The Apex load runs in a process of its own, so that its peak RSS is the load's (the parent holds the
 * generator's garbage). Its peak is the larger of the RSS sampled during the load and the process's maxRSS.
 */
async function loadInChildProcess(load: ChildLoad): Promise<Measured> {
  const child = spawn(process.execPath, [...process.execArgv, __filename], { env: { ...process.env, APEX_BENCH_CHILD_LOAD: JSON.stringify(load) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`The Apex load exited with ${code}: ${output}`);
  const lines = output.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

async function childLoad(load: ChildLoad): Promise<void> {
  const db = await new DataSource(dataSourceOptions(load.databaseUrl, 2)).initialize();
  try {
    const config = AppConfig.fromEnv({
      DATABASE_URL: load.databaseUrl, TEMPORAL_ADDRESS: '127.0.0.1:7233', SMTP_URL: 'smtp://127.0.0.1:1025', JWT_SECRET: 'bench-secret-'.padEnd(40, 'x'),
    });
    const loader = new FocusFileLoader(db, config);
    global.gc?.();
    const rssBefore = process.memoryUsage.rss();
    let peak = rssBefore;
    let peakHeap = 0;
    const fileBytes = statSync(load.path).size;
    const body = createReadStream(load.path);
    let gcMs = 0;
    const rssByTenth: number[] = [];
    const heapByTenth: number[] = [];
    const sampler = setInterval(() => {
      const { rss, heapUsed } = process.memoryUsage();
      peak = Math.max(peak, rss);
      peakHeap = Math.max(peakHeap, heapUsed);
      if (body.bytesRead >= ((rssByTenth.length + 1) / 10) * fileBytes) {
        const gcStarted = performance.now();
        global.gc?.();
        gcMs += performance.now() - gcStarted;
        const after = process.memoryUsage();
        rssByTenth.push(mb(after.rss));
        heapByTenth.push(mb(after.heapUsed));
      }
    }, 10);
    const t0 = performance.now();
    const result = await loader.load({ orgId: load.orgId, userId: load.userId, fileName: 'focus-1.2.csv', body, gzip: false });
    const seconds = (performance.now() - t0 - gcMs) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
    const measured: Measured = {
      rows: result.rowCount,
      seconds,
      peakRssMb: mb(peak),
      rssBeforeMb: mb(rssBefore),
      rssByTenthMb: rssByTenth,
      heapByTenthMb: heapByTenth,
      peakHeapUsedMb: mb(peakHeap),
    };
    console.log(JSON.stringify(measured));
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    console.error(`The benchmark did not finish within ${TIME_LIMIT_MS / 60_000} minutes`);
    process.exit(1);
  }, TIME_LIMIT_MS);
  const dir = mkdtempSync(join(tmpdir(), 'apex-focus-bench-'));
  const pg = await benchDatabase();
  const db = await new DataSource(dataSourceOptions(pg.url, 2)).initialize();
  const client = new Client({ connectionString: pg.url });
  try {
    await runMigrations(db);
    await client.connect();
    const [org] = await db.query("INSERT INTO organizations (name, tier) VALUES ('Bench', 'enterprise') RETURNING id");
    const [user] = await db.query("INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, 'bench@bench.test', 'Bench', 'x', 'owner') RETURNING id", [org.id]);
    const [connection] = await db.query("INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'aws', 'Baseline', 'active') RETURNING id", [org.id]);
    const [source] = await db.query(
      "INSERT INTO cost_sources (org_id, connection_id, kind, period_start, period_end, status) VALUES ($1, $2, 'file', '2025-01-01', '2025-02-01', 'loaded') RETURNING id",
      [org.id, connection.id],
    );

    const started = performance.now();
    const files = await generate(dir, { orgId: org.id, connectionId: connection.id, sourceId: source.id });
    console.log(
      `Generated ${ROWS.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
        `FOCUS 1.2 CSV ${mb(statSync(files.focus).size)} MB, canonical CSV ${mb(statSync(files.canonical).size)} MB`,
    );

    const emptyTable = async () => {
      await client.query('TRUNCATE cost_rows');
      await client.query("DELETE FROM cost_sources WHERE kind = 'file' AND connection_id <> $1", [connection.id]);
      await client.query('VACUUM ANALYZE cost_rows');
    };

    /** `rollups` false: the rollup triggers disabled for the load, PostgreSQL's COPY into the bare table. */
    const baselineLoad = async (rollups: boolean): Promise<Measured> => {
      await emptyTable();
      if (!rollups) await client.query('ALTER TABLE cost_rows DISABLE TRIGGER USER');
      try {
        const t0 = performance.now();
        await pipeline(createReadStream(files.canonical), client.query(copyFrom(`COPY cost_rows (${COST_ROW_COPY_COLUMNS.join(', ')}) FROM STDIN (FORMAT csv)`)));
        return { rows: ROWS, seconds: (performance.now() - t0) / 1000 };
      } finally {
        if (!rollups) await client.query('ALTER TABLE cost_rows ENABLE TRIGGER USER');
      }
    };

    const apexLoad = async (path: string, rows: number): Promise<Measured> => {
      await emptyTable();
      const measured = await loadInChildProcess({ databaseUrl: pg.url, path, orgId: org.id, userId: user.id });
      if (measured.rows !== rows) throw new Error(`Apex loaded ${measured.rows} rows of ${rows}`);
      return measured;
    };

    /** What a load stored, to check that both loads stored the same rows. */
    const fingerprint = async () =>
      JSON.stringify(
        await db.query(
          `SELECT count(*)::int AS rows, sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective, count(*) FILTER (WHERE is_ai)::int AS ai,
                  sum(input_tokens)::text AS input, sum(output_tokens)::text AS output, sum(cached_tokens)::text AS cached, count(DISTINCT model)::int AS models,
                  sum(source_row)::text AS lines, min(charge_period_start) AS first, max(charge_period_end) AS last, count(DISTINCT tags)::int AS tag_sets
             FROM cost_rows`,
        ),
      );

    const bare: Measured[] = [];
    const baselines: Measured[] = [];
    const apexes: Measured[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate which goes first, so that drift on a shared machine hits all.
      const order = round % 2 ? (['bare', 'baseline', 'apex'] as const) : (['apex', 'baseline', 'bare'] as const);
      const prints: Record<string, string> = {};
      for (const which of order) {
        if (which === 'bare') bare.push(await baselineLoad(false));
        else if (which === 'baseline') baselines.push(await baselineLoad(true));
        else apexes.push(await apexLoad(files.focus, ROWS));
        prints[which] = await fingerprint();
      }
      if (new Set(Object.values(prints)).size !== 1) throw new Error(`The loads stored different rows:\n${Object.values(prints).join('\n')}`);
    }
    const apexSmall = await apexLoad(files.small, SMALL_ROWS);
    const [count] = await db.query('SELECT count(*)::int AS n, count(*) FILTER (WHERE is_ai)::int AS ai FROM cost_rows');

    const perSecond = (m: Measured) => Math.round(m.rows / m.seconds);
    const overall = (runs: Measured[]) => Math.round(runs.reduce((n, m) => n + m.rows, 0) / runs.reduce((t, m) => t + m.seconds, 0));
    const rate = (n: number) => `${n.toLocaleString('en').padStart(9)} rows/s`;
    console.log(`\nFOCUS load into cost_rows (its indexes, foreign keys and rollup triggers), ${ROWS.toLocaleString('en')} rows, ${ROUNDS} rounds; every load stored the same rows`);
    console.log(`  bare COPY, rollups off          ${rate(overall(bare))}   rounds: ${bare.map((m) => `${m.seconds.toFixed(1)} s`).join(', ')}`);
    console.log(`  baseline COPY (canonical CSV)   ${rate(overall(baselines))}   rounds: ${baselines.map((m) => `${m.seconds.toFixed(1)} s`).join(', ')}`);
    console.log(`  Apex path (FOCUS 1.2 CSV)       ${rate(overall(apexes))}   rounds: ${apexes.map((m) => `${m.seconds.toFixed(1)} s`).join(', ')}`);
    console.log(`  ratio Apex / baseline           ${(overall(apexes) / overall(baselines)).toFixed(2)}x (per round: ${apexes.map((m, i) => (perSecond(m) / perSecond(baselines[i])).toFixed(2)).join(', ')})`);
    console.log(`  ratio Apex / bare COPY          ${(overall(apexes) / overall(bare)).toFixed(2)}x (per round: ${apexes.map((m, i) => (perSecond(m) / perSecond(bare[i])).toFixed(2)).join(', ')})`);
    console.log(`  rollups' cost on COPY           ${(overall(baselines) / overall(bare)).toFixed(2)}x the bare rate`);
    const apex = apexes.reduce((worst, m) => ((m.peakRssMb ?? 0) > (worst.peakRssMb ?? 0) ? m : worst));
    console.log(`  peak RSS of the Apex load       ${apex.peakRssMb} MB (process at ${apex.rssBeforeMb} MB before the load; peak JS heap ${apex.peakHeapUsedMb} MB)`);
    console.log(`  after each tenth of the file, full GC: RSS ${apex.rssByTenthMb?.join(' ')} MB; JS heap ${apex.heapByTenthMb?.join(' ')} MB`);
    console.log(
      `  same for ${SMALL_ROWS.toLocaleString('en')} rows           ${apexSmall.peakRssMb} MB (process at ${apexSmall.rssBeforeMb} MB before the load; ` +
        `peak JS heap ${apexSmall.peakHeapUsedMb} MB), ${perSecond(apexSmall).toLocaleString('en')} rows/s`,
    );
    console.log(`  last load: ${count.n.toLocaleString('en')} rows, ${count.ai.toLocaleString('en')} of them AI spend`);
  } finally {
    clearTimeout(deadline);
    await client.end().catch(() => undefined);
    await db.destroy();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const child = process.env['APEX_BENCH_CHILD_LOAD'];
(child ? childLoad(JSON.parse(child)) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
