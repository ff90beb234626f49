import type { PublicProofReport, PublicProofReportBody } from '@apex/contracts';
import type { SharedReportRow } from './proof-share-links.store';

/** Where the API serves the key that verifies signed reports. */
export const PUBLIC_KEY_PATH = '/api/v1/proofs/public-key';

/**
 * The signed report as a link's reader sees it: the proof's and the recommendation's ids are left out (the report
 * holds no organisation, user or member). The SHA-256 and signature stay those of the full report as signed.
 */
export function publicReportOf(row: SharedReportRow): PublicProofReport {
  const { proofId: _proofId, recommendationId: _recommendationId, ...report } = row.report;
  const body: PublicProofReportBody = report;
  return { report: body, sha256: row.sha256, signature: row.signature, keyId: row.key_id, publicKeyPath: PUBLIC_KEY_PATH, expiresAt: row.expires_at.toISOString() };
}
