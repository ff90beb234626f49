import { Body, Controller, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, IsString } from 'class-validator';
import { Client as Pg } from 'pg';
import { DataSource } from 'typeorm';
import type { Principal } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { freePort } from '@apex/devstack';
import { ProblemException } from '@apex/http';
import { createTestDatabase, TestDatabase } from '@apex/testing';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Public } from '../auth/public.decorator';
import { startApiWithTestRoutes } from '../entitlements/testing/api-with-test-routes';
import { ApiCallMeter } from '../metering/api-call-meter';
import { ApiUnderTest } from '../testing/api-under-test';
import { signUpSession } from '../testing/signed-up-session';
import { addMember, setTier } from '../auth/testing/account-fixtures';
import { IdempotencyExempt } from './idempotency-exempt.decorator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

class CreateWidgetDto {
  @IsString() name!: string;
  @IsOptional() @IsString() color?: string;
}

/** What the handler is told to do next: wait for the test, or fail as a refused request would. */
const control = { hold: null as Promise<void> | null, refuseNext: false };

/** A POST that creates a row, as a product endpoint would. */
@Controller('test-widgets')
class WidgetsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateWidgetDto) {
    if (control.hold) await control.hold;
    if (control.refuseNext) {
      control.refuseNext = false;
      throw new ProblemException({ type: ProblemType.limitReached, title: 'Limit reached', status: 429 });
    }
    const [row] = await this.db.query('INSERT INTO test_widgets (org_id, name, color) VALUES ($1, $2, $3) RETURNING id, name, color', [
      principal.orgId, body.name, body.color ?? null,
    ]);
    return row;
  }

  @Post('exempt')
  @IdempotencyExempt()
  async createExempt(@CurrentPrincipal() principal: Principal, @Body() body: CreateWidgetDto) {
    return this.create(principal, body);
  }

  @Public()
  @Post('public')
  async createPublic(@Body() body: CreateWidgetDto) {
    const [row] = await this.db.query('INSERT INTO test_widgets (name) VALUES ($1) RETURNING id, name', [body.name]);
    return row;
  }
}

describe('Idempotency-Key on POSTs that create something', () => {
  let database: TestDatabase;
  let api: ApiUnderTest;
  let pg: Pg;
  let ada: string;
  let grace: string;

  const signUp = async (email: string): Promise<string> => (await signUpSession(api, email)).token;
  const create = (token: string | undefined, key: string | undefined, body: unknown, path = '/test-widgets') =>
    api.call('POST', path, { token, body, headers: key === undefined ? {} : { 'idempotency-key': key } });
  const widgets = async (name: string) => Number((await pg.query('SELECT count(*) FROM test_widgets WHERE name = $1', [name])).rows[0].count);

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApiWithTestRoutes({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` }, [WidgetsController]);
    pg = new Pg({ connectionString: database.url });
    await pg.connect();
    await pg.query('CREATE TABLE test_widgets (id serial PRIMARY KEY, org_id uuid, name text NOT NULL, color text)');
    [ada, grace] = [await signUp('ada@example.com'), await signUp('grace@example.com')];
  });
  afterAll(async () => {
    await pg?.end();
    await api?.close();
    await database?.drop();
  });

  it('replays the first response to a retry with the same key and request, creating nothing more', async () => {
    const first = await create(ada, 'key-1', { name: 'one', color: 'red' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const created = await readJson(first);

    // The same request, its fields in another order.
    const again = await create(ada, 'key-1', { color: 'red', name: 'one' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await readJson(again)).toEqual(created);
    expect(await widgets('one')).toBe(1);
  });

  it('refuses the same key for a different request with a 422 problem', async () => {
    await create(ada, 'key-2', { name: 'two' });
    const other = await create(ada, 'key-2', { name: 'two', color: 'blue' });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await readJson(other)).toMatchObject({ type: ProblemType.idempotencyConflict, status: 422 });
    expect(await widgets('two')).toBe(1);
  });

  it('answers a duplicate that arrives while the first is still running with 409 and Retry-After, then replays', async () => {
    let release!: () => void;
    control.hold = new Promise((resolve) => (release = resolve));
    try {
      const first = create(ada, 'key-3', { name: 'three' });
      // The first request holds the key once its row exists.
      const deadline = Date.now() + 5000;
      while ((await pg.query("SELECT 1 FROM idempotency_records WHERE key = 'key-3'")).rowCount === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const duplicate = await create(ada, 'key-3', { name: 'three' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.headers.get('retry-after')).toBe('1');
      expect((await readJson(duplicate)).type).toBe(ProblemType.conflict);
      release();
      expect((await first).status).toBe(201);
    } finally {
      control.hold = null;
    }
    const retry = await create(ada, 'key-3', { name: 'three' });
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(await widgets('three')).toBe(1);
  });

  it('does not store a refusal: the request can be retried under its key and then succeeds once', async () => {
    control.refuseNext = true;
    expect((await create(ada, 'key-4', { name: 'four' })).status).toBe(429);
    expect((await create(ada, 'key-4', { name: 'four' })).status).toBe(201);
    expect((await create(ada, 'key-4', { name: 'four' })).headers.get('idempotent-replayed')).toBe('true');
    expect(await widgets('four')).toBe(1);
  });

  it("keeps each organisation's keys apart", async () => {
    await create(ada, 'shared-key', { name: 'five' });
    const theirs = await create(grace, 'shared-key', { name: 'five' });
    expect([theirs.status, theirs.headers.get('idempotent-replayed')]).toEqual([201, null]);
    expect(await widgets('five')).toBe(2);
  });

  it('keeps the keys of people and API keys of one organisation apart: nobody is answered with what another was', async () => {
    const owner = await signUpSession(api, 'owner@shared-keys.example');
    await setTier(api, owner.orgId, 'mid');
    const colleague = await addMember(api, owner.orgId, 'colleague@shared-keys.example', 'admin');
    const { key: apiKey } = await readJson(await api.call('POST', '/api-keys', { token: owner.token, body: { name: 'pipeline' } }));
    const viaKey = (key: string, body: unknown) => api.call('POST', '/test-widgets', { body, headers: { 'x-api-key': apiKey, 'idempotency-key': key } });

    const mine = await readJson(await create(owner.token, 'order-1', { name: 'mine' }));
    const colleagues = await create(colleague.accessToken, 'order-1', { name: 'mine' });
    expect([colleagues.status, colleagues.headers.get('idempotent-replayed')]).toEqual([201, null]);
    expect((await readJson(colleagues)).id).not.toBe(mine.id);
    const robots = await viaKey('order-1', { name: 'mine' });
    expect([robots.status, robots.headers.get('idempotent-replayed')]).toEqual([201, null]);
    expect(await widgets('mine')).toBe(3);

    // A different body under another caller's key is that caller's own first request, not a 422.
    expect((await create(colleague.accessToken, 'order-2', { name: 'theirs' })).status).toBe(201);
    expect((await viaKey('order-2', { name: 'robot' })).status).toBe(201);
    // Each caller's own retry still replays.
    const retry = await create(owner.token, 'order-1', { name: 'mine' });
    expect([retry.headers.get('idempotent-replayed'), (await readJson(retry)).id]).toEqual(['true', mine.id]);
    expect((await viaKey('order-1', { name: 'mine' })).headers.get('idempotent-replayed')).toBe('true');
    expect(await widgets('mine')).toBe(3);
  });

  it('creates every time without a key, on exempt routes and on public routes', async () => {
    await create(ada, undefined, { name: 'six' });
    await create(ada, undefined, { name: 'six' });
    await create(ada, 'key-7', { name: 'seven' }, '/test-widgets/exempt');
    await create(ada, 'key-7', { name: 'seven' }, '/test-widgets/exempt');
    await create(undefined, 'key-8', { name: 'eight' }, '/test-widgets/public');
    await create(ada, 'key-8', { name: 'eight' }, '/test-widgets/public');
    expect([await widgets('six'), await widgets('seven'), await widgets('eight')]).toEqual([2, 2, 2]);
    expect((await pg.query("SELECT count(*)::int AS n FROM idempotency_records WHERE key IN ('key-7', 'key-8')")).rows[0].n).toBe(0);
  });

  it('rejects a malformed key with a 400 problem naming the header', async () => {
    const problem = await readJson(await create(ada, 'x'.repeat(256), { name: 'nine' }));
    expect(problem).toMatchObject({ status: 400, errors: [{ field: 'Idempotency-Key' }] });
    expect(await widgets('nine')).toBe(0);
  });

  it('meters a request and its replays as one API call', async () => {
    const meter = api.app.get(ApiCallMeter);
    await meter.flush();
    const before = Number((await pg.query("SELECT count(*) FROM usage_events WHERE endpoint = '/api/v1/test-widgets'")).rows[0].count);
    for (let i = 0; i < 3; i++) await (await create(ada, 'key-10', { name: 'ten' })).arrayBuffer();
    await meter.flush();
    const after = Number((await pg.query("SELECT count(*) FROM usage_events WHERE endpoint = '/api/v1/test-widgets'")).rows[0].count);
    expect(after - before).toBe(1);
  });
});
