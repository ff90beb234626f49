import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startStack, waitForPort } from '@apex/devstack';

const root = resolve(__dirname, '../..');
const env = process.env;
const num = (name: string, fallback: number) => Number(env[name] ?? fallback);

async function main(): Promise<void> {
  const began = Date.now();
  const webPort = num('WEB_PORT', 4200);
  const stack = await startStack({
    workspaceRoot: root,
    dataDir: resolve(root, '.data'),
    persistent: true,
    ports: {
      api: num('PORT', 3000),
      postgres: num('EMBEDDED_POSTGRES_PORT', 5433),
      temporal: num('TEMPORAL_PORT', 7233),
      temporalUi: num('TEMPORAL_UI_PORT', 8233),
      smtp: num('SMTP_PORT', 1025),
      inbox: num('INBOX_PORT', 1080),
    },
    external: { databaseUrl: env['DATABASE_URL'], temporalAddress: env['TEMPORAL_ADDRESS'], smtpUrl: env['SMTP_URL'] },
    env: { APP_URL: `http://localhost:${webPort}` },
  });

  const web = spawn(process.execPath, [resolve(root, 'node_modules/nx/dist/bin/nx.js'), 'run', 'web:serve', `--port=${webPort}`], {
    cwd: root,
    env: { ...env, APEX_API_URL: stack.apiUrl, NX_DAEMON: 'false', NX_TUI: 'false' },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Apex…');
    try {
      process.kill(-web.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await stack.stop();
    console.log('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  web.once('exit', (code) => void stop(code ?? 1));
  stack.api.exited.then(() => void stop(1));
  stack.worker.exited.then(() => void stop(1));

  await waitForPort(webPort, 300_000, 'The portal');
  const line = (label: string, url: string | null) => url && console.log(`  ${label.padEnd(18)} ${url}`);
  console.log(`\nApex is running (ready in ${Math.round((Date.now() - began) / 1000)} s). Ctrl-C stops everything.\n`);
  line('Portal', `http://localhost:${webPort}`);
  line('API', `${stack.apiUrl}/api/v1`);
  line('API docs', `${stack.apiUrl}/api/docs`);
  line('Temporal Web UI', stack.temporalUiUrl);
  line('Email inbox', stack.inboxUrl);
  line('Database', stack.databaseUrl.replace(/:[^:@/]+@/, ':***@'));
  console.log('');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
