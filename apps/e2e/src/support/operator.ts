import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Stack } from '@apex/devstack';
import { workspaceRoot } from '@apex/testing';

export const OPERATOR = { email: 'ops@apex.example', password: 'operator password 1' };

/** Logs in through the API and returns the session's Authorization header. */
export async function sessionHeaders(stack: Stack, credentials: { email: string; password: string }): Promise<{ authorization: string }> {
  const response = await fetch(`${stack.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: credentials.email, password: credentials.password }),
  });
  expect(response.status).toBe(200);
  return { authorization: `Bearer ${((await response.json()) as { accessToken: string }).accessToken}` };
}

/** What an Apex operator does before using the admin API: the operator tool makes their account, then they log in. */
export async function operatorSession(stack: Stack): Promise<{ authorization: string }> {
  await promisify(execFile)(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/api/src/auth/create-operator.ts', '--email', OPERATOR.email, '--name', 'Ops'],
    { cwd: workspaceRoot, env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', DATABASE_URL: stack.databaseUrl, OPERATOR_PASSWORD: OPERATOR.password } },
  );
  return sessionHeaders(stack, OPERATOR);
}
