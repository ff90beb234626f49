import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@apex/config';
import type { BillingEmailRequest, BillingEmailResult } from '@apex/contracts';
import { EmailActivitiesService } from '@apex/email';

/**
 * `sendBillingEmail`: a billing email to the organisation's owner, through the idempotent outbox under the
 * workflow's key (organisation + step), so a retried activity sends nothing twice. Adds what every billing
 * template greets and links with: the owner's name, the organisation's name and the billing page.
 */
@Injectable()
export class BillingEmailActivity {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly email: EmailActivitiesService,
    private readonly config: AppConfig,
  ) {}

  async sendBillingEmail(request: BillingEmailRequest): Promise<BillingEmailResult> {
    const [owner] = await this.db.query<{ email: string; name: string; org_name: string }[]>(
      `SELECT u.email, u.name, o.name AS org_name
         FROM organizations o JOIN users u ON u.org_id = o.id AND u.role = 'owner' AND u.removed_at IS NULL
        WHERE o.id = $1 ORDER BY u.created_at LIMIT 1`,
      [request.orgId],
    );
    if (!owner) return { status: 'skipped', reason: 'the organisation has no owner to write to' };
    return this.email.activities().sendEmail({
      idempotencyKey: request.idempotencyKey,
      template: request.template,
      to: owner.email,
      vars: { ...request.vars, name: owner.name, organizationName: owner.org_name, billingUrl: `${this.config.http.appUrl}/billing` },
    });
  }
}
