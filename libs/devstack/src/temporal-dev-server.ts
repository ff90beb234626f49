import { spawn } from 'node:child_process';
import { waitForPort } from './ports';

export interface TemporalDevServerHandle {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/** The Temporal CLI's dev server with its Web UI; `dbFile` keeps its history between starts. */
export async function startTemporalDevServer(options: {
  cliPath: string;
  port: number;
  uiPort: number;
  /** null keeps the history in memory. */
  dbFile: string | null;
  namespace: string;
}): Promise<TemporalDevServerHandle> {
  const child = spawn(
    options.cliPath,
    [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(options.port),
      '--ui-port', String(options.uiPort),
      ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
      '--namespace', options.namespace,
      '--log-level', 'error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stopping = false;
  // While it stops, the dev server reports its own half-closed SQLite store; that is not news.
  child.stderr!.on('data', (chunk: Buffer) => {
    if (!stopping) process.stderr.write(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const died = exited.then(() => {
    throw new Error(`Temporal dev server exited with code ${child.exitCode}`);
  });
  died.catch(() => undefined);
  await Promise.race([waitForPort(options.port, 60_000, 'Temporal dev server'), died]);
  await Promise.race([waitForPort(options.uiPort, 30_000, 'Temporal Web UI'), died]);
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    async stop() {
      stopping = true;
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
