import type { ProofReport, ProofVerification } from './proofs';

/*
 * Shareable links of signed proof reports. A link's token is 128 random bits, shown to the owner once; Apex keeps
 * only its SHA-256. Anyone with the token reads the report at /proof/<token> without a log-in; a token that is
 * malformed, unknown, expired or revoked gets one and the same "not available" answer.
 */

export const PROOF_SHARE_LINK_DEFAULT_DAYS = 30;
export const PROOF_SHARE_LINK_MIN_DAYS = 1;
export const PROOF_SHARE_LINK_MAX_DAYS = 365;

export const PROOF_SHARE_LINK_STATUSES = ['active', 'expired', 'revoked'] as const;
export type ProofShareLinkStatus = (typeof PROOF_SHARE_LINK_STATUSES)[number];

/** POST /proofs/:id/share-links */
export interface CreateProofShareLinkRequest {
  /** Days until the link stops working, 1 to 365; 30 when left out. */
  expiresInDays?: number;
}

/** A share link as its owner lists it: never its token. */
export interface ProofShareLink {
  id: string;
  proofId: string;
  status: ProofShareLinkStatus;
  expiresAt: string;
  revokedAt: string | null;
  /** How many times the public page was opened with the link. */
  openCount: number;
  lastOpenedAt: string | null;
  createdAt: string;
}

/** The answer of creating a link: the only time its token and URL are shown. */
export interface CreatedProofShareLink extends ProofShareLink {
  token: string;
  /** The public page, `<portal>/proof/<token>`. */
  url: string;
}

/** The signed report as a link's reader sees it: no proof, recommendation, organisation or user ids, no names. */
export type PublicProofReportBody = Omit<ProofReport, 'proofId' | 'recommendationId'>;

/** GET /public/proofs/:token */
export interface PublicProofReport {
  report: PublicProofReportBody;
  /** Hex SHA-256 of the canonical JSON of the full report as signed. */
  sha256: string;
  /** Base64 Ed25519 signature over the 32 bytes of `sha256`. */
  signature: string;
  keyId: string;
  /** Where the key that verifies the signature is served: `/api/v1/proofs/public-key`. */
  publicKeyPath: string;
  /** When the link stops working. */
  expiresAt: string;
}

/** POST /public/proofs/:token/verify: the stored report rehashed and its signature checked with Apex's public key. */
export interface PublicProofVerification extends ProofVerification {
  /** The id of the key the check used (Apex's current signing key). */
  keyId: string;
  /** The SHA-256 recomputed from the stored report now; null when the stored report is no longer canonical JSON. */
  sha256: string | null;
  /** The SHA-256 the signature covers. */
  signedSha256: string;
}
