import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface TemporalBinaries {
  /** The Temporal CLI: dev server and Web UI. */
  cliPath: string;
  /** The Java time-skipping test server wrapper. */
  testServerPath: string;
}

export const toolsCacheDir = () => process.env['APEX_TOOLS_CACHE'] ?? join(homedir(), '.cache', 'apex-tools');

function parseEnvFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).replace(/^'(.*)'$/, '$1')]),
  );
}

/**
 * Where the Temporal servers are: the environment first, then what
 * tools/provision-temporal.sh recorded (running it when nothing is recorded yet).
 */
export function temporalBinaries(workspaceRoot: string): TemporalBinaries {
  const manifest = join(toolsCacheDir(), 'temporal.env');
  const fromEnv = {
    cliPath: process.env['TEMPORAL_CLI_PATH'],
    testServerPath: process.env['TEMPORAL_TEST_SERVER_PATH'],
  };
  const recorded = () => (existsSync(manifest) ? parseEnvFile(readFileSync(manifest, 'utf8')) : {});
  let found = recorded();
  const pick = () => ({
    cliPath: fromEnv.cliPath ?? found['TEMPORAL_CLI_PATH'],
    testServerPath: fromEnv.testServerPath ?? found['TEMPORAL_TEST_SERVER_PATH'],
  });
  const usable = (p?: string) => !!p && existsSync(p);
  let picked = pick();
  if (!usable(picked.cliPath) || !usable(picked.testServerPath)) {
    execFileSync('bash', [resolve(workspaceRoot, 'tools/provision-temporal.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    found = recorded();
    picked = pick();
  }
  if (!usable(picked.cliPath) || !usable(picked.testServerPath)) {
    throw new Error(`Temporal servers are not provisioned; run tools/provision-temporal.sh (manifest: ${manifest})`);
  }
  return picked as TemporalBinaries;
}
