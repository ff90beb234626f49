import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CreateEnterpriseInquiry, EnterpriseInquiryView } from '@apex/contracts';
import { EnterpriseInquiry } from '@apex/db';
import { inquiryFingerprint, normalizeInquiry } from '@apex/domain';

export const inquiryIdFor = (input: CreateEnterpriseInquiry) =>
  `inq_${createHash('sha256').update(inquiryFingerprint(input)).digest('hex').slice(0, 24)}`;

@Injectable()
export class EnterpriseInquiryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores the inquiry once; recording the same id again changes nothing. */
  async record(id: string, input: CreateEnterpriseInquiry): Promise<void> {
    const n = normalizeInquiry(input);
    await this.db
      .createQueryBuilder()
      .insert()
      .into(EnterpriseInquiry)
      .values({ id, email: n.email, name: n.name, company: n.company, message: n.message || null })
      .orIgnore()
      .execute();
  }

  async markAcknowledged(id: string): Promise<void> {
    await this.db.query(
      'UPDATE enterprise_inquiries SET acknowledged_at = now() WHERE id = $1 AND acknowledged_at IS NULL',
      [id],
    );
  }

  async find(id: string): Promise<EnterpriseInquiryView | null> {
    const row = await this.db.getRepository(EnterpriseInquiry).findOneBy({ id });
    if (!row) return null;
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      company: row.company,
      message: row.message,
      status: row.acknowledgedAt ? 'acknowledged' : 'received',
      createdAt: row.createdAt.toISOString(),
      acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    };
  }
}
