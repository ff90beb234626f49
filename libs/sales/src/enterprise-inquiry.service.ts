import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CreateEnterpriseInquiry, EnterpriseInquiryView } from '@apex/contracts';
import { inquiryFingerprint, normalizeInquiry } from '@apex/domain';

/** What an identical request finds its inquiry by: 96 bits of the SHA-256 of the normalised content. Never shown. */
export const inquiryFingerprintHash = (input: CreateEnterpriseInquiry) =>
  createHash('sha256').update(inquiryFingerprint(input)).digest('hex').slice(0, 24);

export const newInquiryId = () => `inq_${randomBytes(12).toString('hex')}`;

/** 256 random bits, base64url: the only way to read an inquiry's status. */
export const newInquiryStatusToken = () => randomBytes(32).toString('base64url');

const hashOf = (token: string) => createHash('sha256').update(token).digest();

@Injectable()
export class EnterpriseInquiryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Records the inquiry under a new random id, or finds the identical one already on record.
   * `created` says which; the token's hash is stored only with a new inquiry.
   */
  async open(input: CreateEnterpriseInquiry, statusToken: string): Promise<{ id: string; created: boolean }> {
    const n = normalizeInquiry(input);
    const fingerprint = inquiryFingerprintHash(input);
    const inserted: { id: string }[] = await this.db.query(
      `INSERT INTO enterprise_inquiries (id, fingerprint, status_token_hash, email, name, company, message)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (fingerprint) DO NOTHING RETURNING id`,
      [newInquiryId(), fingerprint, hashOf(statusToken), n.email, n.name, n.company, n.message || null],
    );
    if (inserted.length > 0) return { id: inserted[0].id, created: true };
    const [existing]: { id: string }[] = await this.db.query('SELECT id FROM enterprise_inquiries WHERE fingerprint = $1', [fingerprint]);
    return { id: existing.id, created: false };
  }

  /** Makes `statusToken` the one that reads the inquiry (for an inquiry whose workflow starts only now). */
  async replaceStatusToken(id: string, statusToken: string): Promise<void> {
    await this.db.query('UPDATE enterprise_inquiries SET status_token_hash = $2 WHERE id = $1', [id, hashOf(statusToken)]);
  }

  /** Stores the inquiry once; recording the same id or content again changes nothing. */
  async record(id: string, input: CreateEnterpriseInquiry): Promise<void> {
    const n = normalizeInquiry(input);
    await this.db.query(
      `INSERT INTO enterprise_inquiries (id, fingerprint, email, name, company, message)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [id, inquiryFingerprintHash(input), n.email, n.name, n.company, n.message || null],
    );
  }

  async markAcknowledged(id: string): Promise<void> {
    await this.db.query(
      'UPDATE enterprise_inquiries SET acknowledged_at = now() WHERE id = $1 AND acknowledged_at IS NULL',
      [id],
    );
  }

  /** The inquiry's status for the holder of its token; null for an unknown id or a token that is not its own. */
  async statusFor(id: string, statusToken: string): Promise<EnterpriseInquiryView | null> {
    const [row]: { status_token_hash: Buffer | null; acknowledged_at: Date | null }[] = await this.db.query(
      'SELECT status_token_hash, acknowledged_at FROM enterprise_inquiries WHERE id = $1',
      [id],
    );
    if (!row?.status_token_hash || !timingSafeEqual(row.status_token_hash, hashOf(statusToken))) return null;
    return { id, status: row.acknowledged_at ? 'acknowledged' : 'received' };
  }
}
