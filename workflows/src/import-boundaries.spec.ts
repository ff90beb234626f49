import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from '@apex/testing';

/** The module boundaries are enforced by lint; these cases prove the rules bite. */
describe('import boundaries', () => {
  // ESLint runs as its own process: its flat config is an ES module, which Jest's sandbox cannot import.
  async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
    const run = promisify(execFile)(
      process.execPath,
      [join(workspaceRoot, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', filePath],
      { cwd: workspaceRoot, env: { ...process.env, NX_DAEMON: 'false' } },
    );
    run.child.stdin?.end(code);
    const output = await run.catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '[]' }));
    const [result] = JSON.parse(output.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  it.each([
    ['pg', "import { Client } from 'pg';\nexport const c = Client;\n"],
    ['node:fs', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ['@nestjs/common', "import { Injectable } from '@nestjs/common';\nexport const i = Injectable;\n"],
    ['typeorm', "import { DataSource } from 'typeorm';\nexport const d = DataSource;\n"],
  ])('a workflow may not import %s', async (_name, code) => {
    expect(await boundaryErrors('workflows/src/example.workflow.ts', code)).not.toEqual([]);
  });

  it('a workflow may not import a data-access library', async () => {
    const errors = await boundaryErrors('workflows/src/example.workflow.ts', "import { ENTITIES } from '@apex/db';\nexport const e = ENTITIES;\n");
    expect(errors.join()).toMatch(/type:workflows/);
  });

  it('a workflow may import contracts, domain and the workflow SDK', async () => {
    const code = "import { proxyActivities } from '@temporalio/workflow';\nimport { DEFAULT_TASK_QUEUE } from '@apex/contracts';\nimport { windowUsage } from '@apex/domain';\nexport const x = [proxyActivities, DEFAULT_TASK_QUEUE, windowUsage];\n";
    expect(await boundaryErrors('workflows/src/example.workflow.ts', code)).toEqual([]);
  });

  it('the portal may import only contracts among the libraries', async () => {
    expect(await boundaryErrors('apps/web/src/app/example.ts', "import { AppConfig } from '@apex/config';\nexport const a = AppConfig;\n")).not.toEqual([]);
    expect(await boundaryErrors('apps/web/src/app/example.ts', "import { TIERS } from '@apex/contracts';\nexport const t = TIERS;\n")).toEqual([]);
  });

  it('domain rules may not do I/O', async () => {
    expect(await boundaryErrors('libs/domain/src/example.ts', "import { Client } from 'pg';\nexport const c = Client;\n")).not.toEqual([]);
  });
});
