import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@apex/contracts';
import { freePort } from '@apex/devstack';
import { createTestDatabase, TestDatabase, workspaceRoot } from '@apex/testing';
import { ApiUnderTest, startApiUnderTest } from '../testing/api-under-test';
import { CurrentPrincipal } from './current-principal.decorator';
import { OperatorOnly } from './operator-only.decorator';
import { expectProblem, logIn, readJson, setTier, signUp } from './testing/account-fixtures';

@Controller('operator-probe')
class OperatorProbeController {
  @OperatorOnly()
  @Get()
  probe(@CurrentPrincipal() principal: Principal) {
    return { userId: principal.userId };
  }
}

/** Runs the create-operator command exactly as its Nx target does. */
async function createOperator(databaseUrl: string, args: string[], env: Record<string, string> = {}) {
  const run = promisify(execFile)(process.execPath, ['-r', '@swc-node/register', join(workspaceRoot, 'apps/api/src/auth/create-operator.ts'), ...args], {
    cwd: workspaceRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
  });
  return run.then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}${error.stderr}` }),
  );
}

describe('Operators: created from the command line, the only ones through @OperatorOnly()', () => {
  let database: TestDatabase;
  let api: ApiUnderTest;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApiUnderTest(
      { DATABASE_URL: database.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` },
      { controllers: [OperatorProbeController] },
    );
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('creates an operator in the staff organisation; the operator passes @OperatorOnly()', async () => {
    const created = await createOperator(database.url, ['--email', 'ops@apex.test', '--name', 'Olga Ops', '--password', 'operator passphrase']);
    expect(created).toEqual({ code: 0, output: expect.stringMatching(/^Operator ops@apex\.test created/) });

    const session = await readJson(await logIn(api, 'ops@apex.test', 'operator passphrase'));
    const me = await readJson(await api.call('GET', '/me', { token: session.accessToken }));
    expect(me).toMatchObject({ user: { email: 'ops@apex.test', name: 'Olga Ops', isOperator: true, emailVerified: true }, organization: { name: 'Apex staff' } });
    const probe = await api.call('GET', '/operator-probe', { token: session.accessToken });
    expect(probe.status).toBe(200);
    expect(await readJson(probe)).toEqual({ userId: me.user.id });
  });

  it('puts a second operator in the same staff organisation, and sets a new password when run again', async () => {
    expect((await createOperator(database.url, ['--email', 'ops2@apex.test'], { OPERATOR_PASSWORD: 'second operator pass' })).code).toBe(0);
    const again = await createOperator(database.url, ['--email', 'ops@apex.test', '--password', 'rotated operator pass']);
    expect(again).toEqual({ code: 0, output: expect.stringMatching(/already existed: password changed/) });
    expect((await logIn(api, 'ops@apex.test', 'operator passphrase')).status).toBe(401);
    expect((await logIn(api, 'ops@apex.test', 'rotated operator pass')).status).toBe(200);
    const orgs = await api.app.get(DataSource).query('SELECT DISTINCT org_id FROM users WHERE is_operator');
    expect(orgs).toHaveLength(1);
  });

  it('refuses to turn a customer into an operator, or to run with a weak password', async () => {
    await signUp(api, 'customer@example.com');
    const customer = await createOperator(database.url, ['--email', 'customer@example.com', '--password', 'long enough password']);
    expect(customer.code).toBe(2);
    expect(customer.output).toMatch(/belongs to a customer account/);
    const weak = await createOperator(database.url, ['--email', 'ops3@apex.test', '--password', 'short']);
    expect(weak.code).toBe(2);
    const [{ operators }] = await api.app.get(DataSource).query("SELECT count(*)::int AS operators FROM users WHERE is_operator");
    expect(operators).toBe(2);
  });

  it('gives customers of every role, and API keys even of an operator, a 403 on @OperatorOnly() routes', async () => {
    const owner = await signUp(api, 'owner@example.com');
    await expectProblem(await api.call('GET', '/operator-probe', { token: owner.accessToken }), 403, 'forbidden');
    await expectProblem(await api.call('GET', '/operator-probe'), 401, 'unauthorized');

    const [{ org_id: staffOrg }] = await api.app.get(DataSource).query("SELECT org_id FROM users WHERE email = 'ops@apex.test'");
    await setTier(api, staffOrg, 'enterprise');
    const session = await readJson(await logIn(api, 'ops@apex.test', 'rotated operator pass'));
    const { key } = await readJson(await api.call('POST', '/api-keys', { token: session.accessToken, body: { name: 'ops key' } }));
    expect((await api.call('GET', '/me', { headers: { 'x-api-key': key } })).status).toBe(200);
    await expectProblem(await api.call('GET', '/operator-probe', { headers: { 'x-api-key': key } }), 403, 'forbidden');
  });

  it('cannot be claimed through sign-up', async () => {
    const response = await api.call('POST', '/auth/signup', {
      body: { email: 'sneaky@example.com', password: 'long enough password', name: 'S', organizationName: 'S', isOperator: true },
    });
    const problem = await expectProblem(response, 400, 'validation');
    expect(problem.errors).toEqual([{ field: 'isOperator', message: expect.any(String) }]);
    expect(await api.app.get(DataSource).query("SELECT 1 FROM users WHERE email = 'sneaky@example.com'")).toHaveLength(0);
  });
});
