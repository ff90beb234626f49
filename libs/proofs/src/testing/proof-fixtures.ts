import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@apex/config';
import type { RecommendationKind } from '@apex/contracts';
import { addDays } from '@apex/domain';
import { RecommendationsStore } from '@apex/optimizer';
import { BUNDLED_PRICE_FILES, PriceBook } from '@apex/pricing';
import { ImplementationDetectionService } from '../detection/implementation-detection.service';
import { ProofActivitiesService } from '../proof-activities';
import { ProofsService } from '../proofs.service';
import { SavingsService } from '../savings/savings.service';
import { ProofPriceBook } from '../pricing/proof-price-book';
import { ProofSigner } from '../signing/proof-signer';
import { ProofEventsStore } from '../stores/proof-events.store';
import { ProofsStore } from '../stores/proofs.store';

/*
 * Fixtures of the proof specs: an organisation with cost rows and a recommendation, and the proof services wired as
 * the Nest module wires them, over a migrated database.
 */

/** One cost row a day: the model's tokens and what the day cost. */
export interface DayRow {
  day: string;
  model: string;
  input: number;
  cached?: number;
  output: number;
  requests?: number;
  cost: string;
  /** FOCUS ChargeDescription: 'Batch API' marks a batch-priced row. */
  description?: string;
}

export interface ProofServices {
  priceBook: PriceBook;
  signer: ProofSigner;
  events: ProofEventsStore;
  proofs: ProofsService;
  activities: ProofActivitiesService;
  detection: ImplementationDetectionService;
  savings: SavingsService;
}

export async function proofServices(ds: DataSource): Promise<ProofServices> {
  const priceBook = new PriceBook(ds);
  if ((await priceBook.activeVersion()) === null) {
    await priceBook.importVersion({ litellm: readFileSync(BUNDLED_PRICE_FILES.litellm), genaiPrices: readFileSync(BUNDLED_PRICE_FILES.genaiPrices) }, null, true);
  }
  const config = AppConfig.fromEnv({
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    TEMPORAL_ADDRESS: '127.0.0.1:7233',
    SMTP_URL: 'smtp://127.0.0.1:1025',
    JWT_SECRET: 'proof-test-secret-'.padEnd(40, 'x'),
    PROOF_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  });
  const signer = new ProofSigner(config);
  const recommendations = new RecommendationsStore(ds);
  const store = new ProofsStore(ds);
  const events = new ProofEventsStore(ds);
  return {
    priceBook,
    signer,
    events,
    proofs: new ProofsService(ds, recommendations, store, signer, config),
    activities: new ProofActivitiesService(ds, store, events, recommendations, new ProofPriceBook(priceBook), signer),
    detection: new ImplementationDetectionService(ds, recommendations, new ProofPriceBook(priceBook)),
    savings: new SavingsService(recommendations, store),
  };
}

/** The bundled genai-prices file with gpt-4o at half its price from `from`: a provider's price cut, dated. */
export function genaiPricesWithGpt4oCut(from: string): Buffer {
  const file = JSON.parse(readFileSync(BUNDLED_PRICE_FILES.genaiPrices, 'utf8')) as Array<{ id: string; models: Array<{ id: string; prices: unknown }> }>;
  const gpt4o = file.find((provider) => provider.id === 'openai')!.models.find((model) => model.id === 'gpt-4o')!;
  gpt4o.prices = [{ prices: gpt4o.prices }, { constraint: { start_date: from }, prices: { input_mtok: 1.25, cache_read_mtok: 0.625, output_mtok: 5 } }];
  return Buffer.from(JSON.stringify(file));
}

export interface Organisation {
  orgId: string;
  userId: string;
  runId: string;
}

export async function organisation(ds: DataSource, name: string): Promise<Organisation> {
  const [org] = await ds.query('INSERT INTO organizations (name) VALUES ($1) RETURNING id', [name]);
  const [user] = await ds.query("INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'Ada', 'x', 'owner') RETURNING id", [
    org.id,
    `ada@${org.id}.example.com`,
  ]);
  const [run] = await ds.query("INSERT INTO runs (org_id, user_id, status, admitted_at) VALUES ($1, $2, 'succeeded', now()) RETURNING id", [org.id, user.id]);
  return { orgId: org.id, userId: user.id, runId: run.id };
}

/** Loads the rows as one FOCUS upload of OpenAI usage in USD. */
export async function costRows(ds: DataSource, orgId: string, rows: DayRow[]): Promise<void> {
  const [connection] = await ds.query("INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'focus_upload', 'uploads', 'active') RETURNING id", [orgId]);
  const days = rows.map((row) => row.day).sort();
  const [source] = await ds.query(
    "INSERT INTO cost_sources (org_id, connection_id, kind, file_name, period_start, period_end, row_count, status) VALUES ($1, $2, 'file', 'openai.csv', $3, $4, $5, 'loaded') RETURNING id",
    [orgId, connection.id, days[0], addDays(days[days.length - 1], 1), rows.length],
  );
  await ds.query(
    `INSERT INTO cost_rows (org_id, connection_id, source_id, source_row, charge_period_start, charge_period_end, charge_category, billed_cost, effective_cost, list_cost,
                            billing_currency, provider_name, service_name, is_ai, model, input_tokens, output_tokens, cached_tokens, requests, charge_description)
     SELECT $1, $2, $3, ordinality, day::timestamptz, day::timestamptz + interval '1 day', 'Usage', cost, cost, cost,
            'USD', 'OpenAI', 'OpenAI API', true, model, input, output, cached, requests, description
     FROM unnest($4::date[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::numeric[], $11::text[])
          WITH ORDINALITY AS t(day, model, input, cached, output, requests, cost, description)`,
    [
      orgId,
      connection.id,
      source.id,
      rows.map((row) => row.day),
      rows.map((row) => row.model),
      rows.map((row) => row.input),
      rows.map((row) => row.cached ?? 0),
      rows.map((row) => row.output),
      rows.map((row) => row.requests ?? 2000),
      rows.map((row) => row.cost),
      rows.map((row) => row.description ?? null),
    ],
  );
}

/** A recommendation on gpt-4o filed by the organisation's run on `createdOn`, in the given status. */
export async function recommendation(
  ds: DataSource,
  org: Organisation,
  kind: RecommendationKind,
  options: { key?: string; createdOn: string; status?: 'open' | 'accepted' | 'dismissed' },
): Promise<string> {
  const fingerprint = [kind, 'USD', 'openai', 'gpt-4o', options.key].filter(Boolean).join(':');
  const [row] = await ds.query(
    `INSERT INTO recommendations (org_id, fingerprint, kind, title, steps, doc_url, scope, evidence, price_book_version, currency, monthly_low, monthly_expected,
                                  monthly_high, scenarios, assumptions, effort, risk, first_run_id, last_run_id, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, '[]', 'https://platform.openai.com/docs/models', '{"provider":"openai","service":null,"model":"gpt-4o","resource":null}',
             '{"filters":[],"rowCount":0,"amount":"0","sha256":""}', 1, 'USD', 10, 20, 30, '[]', '[]', 'medium', 'medium', $5, $5, $6, $7::timestamptz, $7::timestamptz)
     RETURNING id`,
    [org.orgId, fingerprint, kind, `${kind} on gpt-4o`, org.runId, options.status ?? 'accepted', `${options.createdOn}T12:00:00Z`],
  );
  return row.id;
}
