import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, toolsCacheDir, waitForPort } from '@apex/devstack';
import { workspaceRoot } from './workspace-root';

export interface StripeMockHandle {
  /** For STRIPE_API_URL, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The stripe-mock binary: STRIPE_MOCK_PATH, else what tools/provision-stripe-mock.sh built (building it if needed). */
export function stripeMockPath(): string {
  const fromEnv = process.env['STRIPE_MOCK_PATH'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const cached = join(toolsCacheDir(), 'bin', 'stripe-mock');
  if (existsSync(cached)) return cached;
  execFileSync('bash', [resolve(workspaceRoot, 'tools/provision-stripe-mock.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(cached)) throw new Error(`stripe-mock is not provisioned; run tools/provision-stripe-mock.sh (expected ${cached})`);
  return cached;
}

/**
 * stripe-mock on a free port (HTTP; its HTTPS listener gets another free port). It validates each request against Stripe's OpenAPI description and
 * answers fixture objects: it keeps no state, so what it returns says nothing about what was sent before.
 */
export async function startStripeMock(): Promise<StripeMockHandle> {
  const port = await freePort();
  // It always listens for HTTPS too (12112 unless told otherwise): give that a free port of its own.
  const httpsPort = await freePort();
  const child: ChildProcess = spawn(stripeMockPath(), ['-http-addr', `127.0.0.1:${port}`, '-https-addr', `127.0.0.1:${httpsPort}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    await Promise.race([
      waitForPort(port, 30_000, 'stripe-mock'),
      exited.then(() => {
        throw new Error(`stripe-mock exited before it listened:\n${output}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
