import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ProofReport, ProofShareLink } from '@apex/contracts';

interface LinkRow {
  id: string;
  proof_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  open_count: number;
  last_opened_at: Date | null;
  created_at: Date;
  /** Computed by the database, so that "expired" is judged by one clock. */
  expired: boolean;
}

/** The proof's signed report as a resolved link reads it, with when the link stops working. */
export interface SharedReportRow {
  report: ProofReport;
  sha256: string;
  signature: string;
  key_id: string;
  expires_at: Date;
}

const LINK_COLUMNS = 'l.id, l.proof_id, l.expires_at, l.revoked_at, l.open_count, l.last_opened_at, l.created_at, l.expires_at <= now() AS expired';

const toLink = (row: LinkRow): ProofShareLink => ({
  id: row.id,
  proofId: row.proof_id,
  status: row.revoked_at ? 'revoked' : row.expired ? 'expired' : 'active',
  expiresAt: row.expires_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
  openCount: row.open_count,
  lastOpenedAt: row.last_opened_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});

/** A link that works: not revoked, not expired, of a proof whose signed report exists. */
const USABLE = "l.revoked_at IS NULL AND l.expires_at > now() AND p.status = 'finished' AND p.report IS NOT NULL AND p.sha256 IS NOT NULL AND p.signature IS NOT NULL";

/** Owner of `proof_share_links`: links keep the SHA-256 of their token, never the token. */
@Injectable()
export class ProofShareLinksStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(link: { orgId: string; proofId: string; tokenSha256: string; expiresInDays: number; createdBy: string | null }): Promise<ProofShareLink> {
    const [row] = (await this.db.query(
      `INSERT INTO proof_share_links AS l (org_id, proof_id, token_sha256, expires_at, created_by)
       VALUES ($1, $2, $3, now() + make_interval(days => $4), $5) RETURNING ${LINK_COLUMNS}`,
      [link.orgId, link.proofId, link.tokenSha256, link.expiresInDays, link.createdBy],
    )) as LinkRow[];
    return toLink(row);
  }

  /** The proof's links, newest first. */
  async list(orgId: string, proofId: string): Promise<ProofShareLink[]> {
    const rows = (await this.db.query(`SELECT ${LINK_COLUMNS} FROM proof_share_links l WHERE l.org_id = $1 AND l.proof_id = $2 ORDER BY l.created_at DESC, l.id DESC`, [
      orgId,
      proofId,
    ])) as LinkRow[];
    return rows.map(toLink);
  }

  /** Revokes the link (a revoked one keeps its first revocation time); null when the proof has no such link. */
  async revoke(orgId: string, proofId: string, linkId: string): Promise<ProofShareLink | null> {
    // An UPDATE answers [rows, count].
    const [[row]] = (await this.db.query(
      `UPDATE proof_share_links l SET revoked_at = coalesce(l.revoked_at, now())
       WHERE l.org_id = $1 AND l.proof_id = $2 AND l.id = $3 RETURNING ${LINK_COLUMNS}`,
      [orgId, proofId, linkId],
    )) as [LinkRow[], number];
    return row ? toLink(row) : null;
  }

  /** The report behind a usable link, counting the open in the same statement; null for any link that does not work. */
  async open(tokenSha256: string): Promise<SharedReportRow | null> {
    const [[row]] = (await this.db.query(
      `UPDATE proof_share_links l SET open_count = l.open_count + 1, last_opened_at = now()
       FROM proofs p
       WHERE l.token_sha256 = $1 AND p.id = l.proof_id AND p.org_id = l.org_id AND ${USABLE}
       RETURNING p.report, p.sha256, p.signature, p.key_id, l.expires_at`,
      [tokenSha256],
    )) as [SharedReportRow[], number];
    return row ?? null;
  }

  /** The report behind a usable link, without counting an open. */
  async peek(tokenSha256: string): Promise<SharedReportRow | null> {
    const [row] = (await this.db.query(
      `SELECT p.report, p.sha256, p.signature, p.key_id, l.expires_at FROM proof_share_links l JOIN proofs p ON p.id = l.proof_id AND p.org_id = l.org_id
       WHERE l.token_sha256 = $1 AND ${USABLE}`,
      [tokenSha256],
    )) as SharedReportRow[];
    return row ?? null;
  }
}
