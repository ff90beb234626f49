import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Transporter } from 'nodemailer';
import { AppConfig } from '@apex/config';
import type { SendEmailRequest, SendEmailResult } from '@apex/contracts';
import { TemplateRenderer } from './template-renderer';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');


interface OutboxRow {
  status: 'pending' | 'sent';
  message_id: string;
}

/** The Message-ID is derived from the key, so even a duplicate delivery can be recognised. */
const messageIdFor = (key: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@apex.mail>`;

@Injectable()
export class EmailOutboxService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: Transporter,
    private readonly renderer: TemplateRenderer,
    private readonly config: AppConfig,
  ) {}

  async send(request: SendEmailRequest): Promise<SendEmailResult> {
    const email = await this.renderer.render(request.template, request.vars);
    try {
      return await this.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO email_outbox (idempotency_key, template, to_address, subject, message_id)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING`,
          [request.idempotencyKey, request.template, request.to, email.subject, messageIdFor(request.idempotencyKey)],
        );
        const [row] = (await tx.query(
          'SELECT status, message_id FROM email_outbox WHERE idempotency_key = $1 FOR UPDATE',
          [request.idempotencyKey],
        )) as OutboxRow[];
        if (row.status === 'sent') return { status: 'already-sent' as const, messageId: row.message_id };
        await this.transport.sendMail({
          from: this.config.email.from,
          to: request.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: row.message_id,
        });
        await tx.query(
          `UPDATE email_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL
           WHERE idempotency_key = $1`,
          [request.idempotencyKey],
        );
        return { status: 'sent' as const, messageId: row.message_id };
      });
    } catch (error) {
      await this.recordFailure(request, email.subject, error);
      throw error;
    }
  }

  private async recordFailure(request: SendEmailRequest, subject: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.db
      .query(
        `INSERT INTO email_outbox (idempotency_key, template, to_address, subject, message_id, attempts, last_error)
         VALUES ($1, $2, $3, $4, $5, 1, $6)
         ON CONFLICT (idempotency_key) DO UPDATE
           SET attempts = email_outbox.attempts + 1, last_error = EXCLUDED.last_error
           WHERE email_outbox.status = 'pending'`,
        [request.idempotencyKey, request.template, request.to, subject, messageIdFor(request.idempotencyKey), message],
      )
      .catch(() => undefined);
  }
}
