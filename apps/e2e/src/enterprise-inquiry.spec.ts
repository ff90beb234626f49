import { createHash } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Client as Pg } from 'pg';
import type { EnterpriseInquiryAccepted } from '@apex/contracts';
import { startTestStack, TestStack, waitFor } from '@apex/testing';

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

const INQUIRY_ID = /^inq_[0-9a-f]{24}$/;
const STATUS_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The first vertical path: API → Temporal workflow → activities → Postgres row and a real email. */
describe('Enterprise inquiry, end to end through real processes', () => {
  let stack: TestStack;
  let accepted: EnterpriseInquiryAccepted;

  beforeAll(async () => {
    stack = await startTestStack({ SALES_INBOX: 'sales@apex.test', APP_URL: 'http://portal.test' });
  });
  afterAll(() => stack?.stop());

  const inquiry = { email: 'Ada@Example.com', name: 'Ada Lovelace', company: 'Analytical Engines', message: 'We spend on GPT-class models.' };
  const post = (body: object) =>
    fetch(`${stack.apiUrl}/api/v1/enterprise-inquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const read = (id: string, token?: string) =>
    fetch(`${stack.apiUrl}/api/v1/enterprise-inquiries/${id}`, { headers: token === undefined ? {} : { 'x-inquiry-token': token } });
  const statusOf = async (id: string, token: string) => {
    const response = await read(id, token);
    expect(response.status).toBe(200);
    return readJson(response);
  };

  it('records the inquiry, emails the prospect a status link and the sales inbox, and starts nothing twice', async () => {
    const first = await post(inquiry);
    expect(first.status).toBe(202);
    accepted = await readJson(first);
    expect(accepted).toEqual({
      id: expect.stringMatching(INQUIRY_ID),
      workflowId: `enterprise-inquiry-${accepted.id}`,
      started: true,
      statusToken: expect.stringMatching(STATUS_TOKEN),
    });
    expect(first.headers.get('location')).toBe(`/api/v1/enterprise-inquiries/${accepted.id}`);
    const token = accepted.statusToken!;

    // The holder of the token sees where the inquiry stands, and nothing of what it said.
    const done = await waitFor(() => statusOf(accepted.id, token), (v) => v.status === 'acknowledged', { timeoutMs: 60_000, what: 'acknowledgement' });
    expect(done).toEqual({ id: accepted.id, status: 'acknowledged' });

    const pg = new Pg({ connectionString: stack.database.url });
    await pg.connect();
    try {
      const rows = await pg.query('SELECT id, email, acknowledged_at, status_token_hash FROM enterprise_inquiries');
      // Only the token's SHA-256 is kept, never the token itself.
      expect(rows.rows).toEqual([
        { id: accepted.id, email: 'ada@example.com', acknowledged_at: expect.any(Date), status_token_hash: createHash('sha256').update(token).digest() },
      ]);
      const outbox = await pg.query("SELECT idempotency_key, status FROM email_outbox ORDER BY idempotency_key");
      expect(outbox.rows).toEqual([
        { idempotency_key: `enterprise-inquiry-ack:${accepted.id}`, status: 'sent' },
        { idempotency_key: `enterprise-inquiry-sales-notice:${accepted.id}`, status: 'sent' },
      ]);
    } finally {
      await pg.end();
    }

    const emails = await stack.smtp!.emails();
    expect(emails).toHaveLength(2);
    const ack = emails.find((e) => e.to[0].address === 'ada@example.com')!;
    expect(ack.subject).toBe('We received your Enterprise inquiry, Ada Lovelace');
    const statusUrl = `http://portal.test/enterprise/inquiries/${accepted.id}?token=${token}`;
    expect(ack.text).toContain(`Follow its status: ${statusUrl}\n`);
    expect(ack.html).toContain(`href="${statusUrl}"`);
    const emailedLink = new URL(ack.text.match(/http:\/\/portal\.test\/\S+/)![0]);
    expect(await statusOf(emailedLink.pathname.split('/').pop()!, emailedLink.searchParams.get('token')!)).toEqual({ id: accepted.id, status: 'acknowledged' });

    const notice = emails.find((e) => e.to[0].address === 'sales@apex.test')!;
    expect(notice.subject).toBe('New Enterprise inquiry: Analytical Engines');
    expect(notice.text).toContain(`Reference: ${accepted.id}`);
    // The status token goes to the prospect alone.
    expect(notice.text).not.toContain(token);
    expect(notice.html).not.toContain(token);

    // The same inquiry again, spelled differently: same id, no token, nothing new started or sent.
    const again = await post({ ...inquiry, email: 'ADA@example.com', company: 'ANALYTICAL  ENGINES' });
    expect(again.status).toBe(200);
    expect(again.headers.get('location')).toBe(`/api/v1/enterprise-inquiries/${accepted.id}`);
    expect(await readJson(again)).toEqual({ id: accepted.id, workflowId: accepted.workflowId, started: false, statusToken: null });
    // The emailed link keeps working.
    expect(await statusOf(accepted.id, token)).toEqual({ id: accepted.id, status: 'acknowledged' });

    const connection = await Connection.connect({ address: stack.temporalAddress });
    try {
      const client = new Client({ connection });
      const runs = [];
      for await (const run of client.workflow.list({ query: `WorkflowId = '${accepted.workflowId}'` })) runs.push(run);
      expect(runs).toHaveLength(1);
    } finally {
      await connection.close();
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(await stack.smtp!.emails()).toHaveLength(2);
  });

  it('answers a read without the token, with a wrong one or for an unknown id with the same 404 problem', async () => {
    const token = accepted.statusToken!;
    const otherToken = createHash('sha256').update('not the token').digest('base64url');
    expect(otherToken).toMatch(STATUS_TOKEN);
    const reads = {
      'no token': await read(accepted.id),
      'empty token': await read(accepted.id, ''),
      'wrong token': await read(accepted.id, otherToken),
      'malformed token': await read(accepted.id, `${token}x`),
      'token of another id': await read('inq_000000000000000000000000', token),
    };
    for (const [what, response] of Object.entries(reads)) {
      expect({ what, status: response.status, contentType: response.headers.get('content-type') }).toEqual({
        what,
        status: 404,
        contentType: expect.stringMatching(/^application\/problem\+json/),
      });
      const problem = await readJson(response);
      expect(problem).toMatchObject({ title: 'No such inquiry', status: 404 });
      // Neither what the inquiry said nor where it stands shows through a refused read.
      const shown = JSON.stringify(problem).toLowerCase();
      for (const secret of ['ada@example.com', 'ada lovelace', 'analytical engines', 'gpt-class', '"acknowledged"', '"received"']) {
        expect({ what, shows: shown.includes(secret) ? secret : null }).toEqual({ what, shows: null });
      }
    }
    // The token belongs in the header; the portal's link parameter does not open the API.
    expect((await fetch(`${stack.apiUrl}/api/v1/enterprise-inquiries/${accepted.id}?token=${token}`)).status).toBe(404);
  });

  it('shuts the worker and the API down cleanly on SIGTERM', async () => {
    expect(await stack.worker.stop()).toBe(0);
    expect(await stack.api.stop()).toBe(0);
  });
});
