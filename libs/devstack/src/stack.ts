import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startNodeApp, NodeAppHandle } from './node-app';
import { freePort } from './ports';
import { SmtpCatcherHandle, startSmtpCatcher } from './smtp-catcher';
import { temporalBinaries } from './temporal-binaries';
import { startTemporalDevServer } from './temporal-dev-server';

export interface StackOptions {
  workspaceRoot: string;
  /** Embedded Postgres data, Temporal history and caught mail live here. */
  dataDir: string;
  /** Keep the embedded Postgres cluster and Temporal history between starts. */
  persistent: boolean;
  /** 0 picks a free port. */
  ports: { api: number; postgres: number; temporal: number; temporalUi: number; smtp: number; inbox: number };
  /** Given services are used as they are instead of starting embedded ones. */
  external?: { databaseUrl?: string; temporalAddress?: string; smtpUrl?: string };
  env?: Record<string, string>;
  output?: (service: string, line: string) => void;
}

export interface Stack {
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  smtpUrl: string;
  inboxUrl: string | null;
  smtp: SmtpCatcherHandle | null;
  api: NodeAppHandle;
  worker: NodeAppHandle;
  stop(): Promise<void>;
}

/** The signing secret for sessions, made once per data directory so sessions survive a restart. */
function sessionSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** The key that encrypts cost-provider credentials, made once per data directory like the session secret. */
function credentialsKey(dataDir: string): string {
  const file = join(dataDir, 'credentials-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** The Ed25519 key that signs proof reports (PKCS#8 PEM), made once per data directory like the session secret. */
function proofSigningKey(dataDir: string): string {
  const file = join(dataDir, 'proof-signing-key.pem');
  if (!existsSync(file)) writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const port = async (wanted: number) => (wanted === 0 ? freePort() : wanted);

async function waitForHealthy(apiUrl: string, api: NodeAppHandle, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (api.child.exitCode !== null) throw new Error(`The API exited with code ${api.child.exitCode} while starting`);
    try {
      const response = await fetch(`${apiUrl}/api/v1/health/ready`);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The API was not healthy within ${timeoutMs / 1000} s: ${last}`);
}

/**
 * Postgres, Temporal (dev server with Web UI), an SMTP catcher, the API and the
 * worker: the whole back end, each a real process, embedded where not given.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const stoppers: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  };
  const log = options.output ?? ((service, line) => process.stdout.write(`[${service}] ${line}\n`));
  mkdirSync(options.dataDir, { recursive: true });

  try {
    const external = options.external ?? {};
    const [databaseUrl, temporal, smtp] = await Promise.all([
      external.databaseUrl ??
        (async () => {
          const pg = await startEmbeddedPostgres({
            dataDir: join(options.dataDir, 'postgres'),
            port: await port(options.ports.postgres),
            persistent: options.persistent,
          });
          stoppers.push(() => pg.stop());
          await pg.ensureDatabase('apex');
          return pg.urlFor('apex');
        })(),
      external.temporalAddress
        ? { address: external.temporalAddress, uiUrl: null }
        : (async () => {
            const server = await startTemporalDevServer({
              cliPath: temporalBinaries(options.workspaceRoot).cliPath,
              port: await port(options.ports.temporal),
              uiPort: await port(options.ports.temporalUi),
              dbFile: options.persistent ? join(options.dataDir, 'temporal.db') : null,
              namespace: 'default',
            });
            stoppers.push(() => server.stop());
            return server;
          })(),
      external.smtpUrl
        ? null
        : (async () => {
            const mailDirectory = join(options.dataDir, 'mail');
            mkdirSync(mailDirectory, { recursive: true });
            const catcher = await startSmtpCatcher({
              smtpPort: await port(options.ports.smtp),
              webPort: await port(options.ports.inbox),
              mailDirectory,
            });
            stoppers.push(() => catcher.stop());
            return catcher;
          })(),
    ]);

    const apiPort = await port(options.ports.api);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const env = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_URL: external.smtpUrl ?? smtp!.smtpUrl,
      PORT: String(apiPort),
      JWT_SECRET: process.env['JWT_SECRET'] ?? sessionSecret(options.dataDir),
      CREDENTIALS_KEY: process.env['CREDENTIALS_KEY'] ?? credentialsKey(options.dataDir),
      PROOF_SIGNING_KEY: process.env['PROOF_SIGNING_KEY'] ?? proofSigningKey(options.dataDir),
      ...options.env,
    };
    const app = (name: string, entry: string) =>
      startNodeApp({ name, entry, cwd: options.workspaceRoot, env, output: (line) => log(name, line) });
    // The API migrates the database first; the worker waits for it so they do not race.
    const api = app('api', 'apps/api/src/main.ts');
    stoppers.push(() => api.stop());
    await waitForHealthy(apiUrl, api, 120_000);
    const worker = app('worker', 'apps/worker/src/main.ts');
    stoppers.push(() => worker.stop());

    return {
      apiUrl,
      databaseUrl,
      temporalAddress: temporal.address,
      temporalUiUrl: temporal.uiUrl,
      smtpUrl: env.SMTP_URL,
      inboxUrl: smtp?.inboxUrl ?? null,
      smtp,
      api,
      worker,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
