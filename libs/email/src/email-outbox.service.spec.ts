import { createTransport } from 'nodemailer';
import { AppConfig } from '@apex/config';
import { createMigratedDataSource } from '@apex/testing';
import { startTestSmtp } from '@apex/testing';
import type { SmtpCatcherHandle } from '@apex/devstack';
import { EmailOutboxService } from './email-outbox.service';
import { TemplateRenderer } from './template-renderer';

const config = AppConfig.fromEnv({
  DATABASE_URL: 'postgres://unused@localhost/unused',
  TEMPORAL_ADDRESS: 'localhost:7233',
  SMTP_URL: 'smtp://localhost:1025',
  JWT_SECRET: 'test-secret-'.padEnd(40, 'x'),
  EMAIL_FROM: 'Apex <hello@apex.test>',
});

const request = (key: string) => ({
  idempotencyKey: key,
  template: 'enterprise-inquiry-received',
  to: 'ada@example.com',
  vars: { name: 'Ada <script>', company: 'Analytical Engines', email: 'ada@example.com', inquiryId: 'inq_1', statusUrl: 'http://localhost/x' },
});

describe('EmailOutboxService', () => {
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let smtp: SmtpCatcherHandle;
  let outbox: EmailOutboxService;

  beforeAll(async () => {
    db = await createMigratedDataSource();
    smtp = await startTestSmtp();
    outbox = new EmailOutboxService(db.dataSource, createTransport(smtp.smtpUrl), new TemplateRenderer(), config);
  });
  afterAll(async () => {
    await smtp?.stop();
    await db?.close();
  });
  beforeEach(() => smtp.clear());

  it('delivers a rendered email with escaped HTML and records it as sent', async () => {
    const result = await outbox.send(request('ack:1'));

    expect(result.status).toBe('sent');
    const [email] = await smtp.emails();
    expect(email.subject).toBe('We received your Enterprise inquiry, Ada <script>');
    expect(email.to[0].address).toBe('ada@example.com');
    expect(email.from[0].address).toBe('hello@apex.test');
    expect(email.html).toContain('Ada &lt;script&gt;');
    expect(email.text).toContain('Analytical Engines');
    expect(email.headers['message-id']).toBe(result.messageId);
    const [row] = await db.dataSource.query("SELECT status, attempts, sent_at FROM email_outbox WHERE idempotency_key = 'ack:1'");
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row.sent_at).toBeInstanceOf(Date);
  });

  it('sends a logical email once however often it is retried, even concurrently', async () => {
    const results = await Promise.all([outbox.send(request('ack:2')), outbox.send(request('ack:2')), outbox.send(request('ack:2'))]);
    const again = await outbox.send(request('ack:2'));

    expect(results.map((r) => r.status).sort()).toEqual(['already-sent', 'already-sent', 'sent']);
    expect(again.status).toBe('already-sent');
    expect(await smtp.emails()).toHaveLength(1);
  });

  it('records a failed delivery and sends once when retried after the SMTP server is back', async () => {
    const unreachable = new EmailOutboxService(
      db.dataSource,
      createTransport({ host: '127.0.0.1', port: 1, connectionTimeout: 500 }),
      new TemplateRenderer(),
      config,
    );
    await expect(unreachable.send(request('ack:3'))).rejects.toThrow();
    const [pending] = await db.dataSource.query("SELECT status, attempts, last_error FROM email_outbox WHERE idempotency_key = 'ack:3'");
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending.last_error).toMatch(/ECONNREFUSED|connect/i);

    expect((await outbox.send(request('ack:3'))).status).toBe('sent');
    expect(await smtp.emails()).toHaveLength(1);
  });

  it('refuses an unknown template or a missing variable before anything is written', async () => {
    await expect(outbox.send({ ...request('ack:4'), template: 'no-such-template' })).rejects.toThrow(/No email template/);
    await expect(outbox.send({ ...request('ack:5'), vars: { name: 'x' } })).rejects.toThrow(/needs "company"/);
    const rows = await db.dataSource.query("SELECT 1 FROM email_outbox WHERE idempotency_key IN ('ack:4', 'ack:5')");
    expect(rows).toHaveLength(0);
    expect(await smtp.emails()).toHaveLength(0);
  });
});
