import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresHandle, freePort, startEmbeddedPostgres } from '@apex/devstack';

/** APEX_BENCH_DATABASE_URL when given, otherwise a fresh database on an embedded server removed by stop(). */
export async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  const given = process.env['APEX_BENCH_DATABASE_URL'];
  if (given) return { url: given, stop: async () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), 'apex-bench-pg-'));
  const server: EmbeddedPostgresHandle = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
  const name = `apex_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await server.ensureDatabase(name);
  return {
    url: server.urlFor(name),
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
