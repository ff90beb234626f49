import { Client, Connection } from '@temporalio/client';
import { Client as Pg } from 'pg';
import type { EnterpriseInquiryView } from '@apex/contracts';
import { startTestStack, TestStack, waitFor } from '@apex/testing';

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

/** The first vertical path: API → Temporal workflow → activities → Postgres row and a real email. */
describe('Enterprise inquiry, end to end through real processes', () => {
  let stack: TestStack;

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
  const view = async (id: string) => (await readJson(await fetch(`${stack.apiUrl}/api/v1/enterprise-inquiries/${id}`))) as EnterpriseInquiryView;

  it('records the inquiry, emails the prospect and the sales inbox, and starts nothing twice', async () => {
    const first = await post(inquiry);
    expect(first.status).toBe(202);
    const accepted = await readJson(first);
    expect(accepted).toMatchObject({ started: true, workflowId: `enterprise-inquiry-${accepted.id}` });
    expect(first.headers.get('location')).toBe(`/api/v1/enterprise-inquiries/${accepted.id}`);

    const done = await waitFor(() => view(accepted.id), (v) => v.status === 'acknowledged', { timeoutMs: 60_000, what: 'acknowledgement' });
    expect(done).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', company: 'Analytical Engines' });

    const pg = new Pg({ connectionString: stack.database.url });
    await pg.connect();
    try {
      const rows = await pg.query('SELECT id, email, acknowledged_at FROM enterprise_inquiries');
      expect(rows.rows).toEqual([{ id: accepted.id, email: 'ada@example.com', acknowledged_at: expect.any(Date) }]);
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
    expect(ack.text).toContain(`http://portal.test/enterprise/inquiries/${accepted.id}`);
    const notice = emails.find((e) => e.to[0].address === 'sales@apex.test')!;
    expect(notice.subject).toBe('New Enterprise inquiry: Analytical Engines');

    // The same inquiry again, spelled differently: same id, nothing new started or sent.
    const again = await post({ ...inquiry, email: 'ADA@example.com', company: 'ANALYTICAL  ENGINES' });
    expect(again.status).toBe(200);
    expect(await readJson(again)).toEqual({ id: accepted.id, workflowId: accepted.workflowId, started: false });

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

  it('answers an unknown inquiry id with a 404 problem', async () => {
    const response = await fetch(`${stack.apiUrl}/api/v1/enterprise-inquiries/inq_000000000000000000000000`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('shuts the worker and the API down cleanly on SIGTERM', async () => {
    expect(await stack.worker.stop()).toBe(0);
    expect(await stack.api.stop()).toBe(0);
  });
});
