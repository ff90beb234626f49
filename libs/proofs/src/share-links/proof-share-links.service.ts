import { Injectable } from '@nestjs/common';
import type { CreatedProofShareLink, ProofShareLink, ProofStatus, PublicProofReport, PublicProofVerification } from '@apex/contracts';
import { PROOF_SHARE_LINK_DEFAULT_DAYS, PROOF_SHARE_LINK_MAX_DAYS, PROOF_SHARE_LINK_MIN_DAYS } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { canonicalSha256 } from '../signing/digest';
import { ProofSigner } from '../signing/proof-signer';
import { verifySignedReport } from '../signing/verify-report';
import { ProofsStore } from '../stores/proofs.store';
import { ProofShareLinksStore } from './proof-share-links.store';
import { publicReportOf } from './public-report';
import { isShareTokenShaped, newShareToken, shareTokenSha256 } from './share-token';

export type ShareLinkCreation =
  | { outcome: 'created'; link: CreatedProofShareLink }
  | { outcome: 'proof_not_found' }
  /** Only a finished proof has a signed report to share. */
  | { outcome: 'not_finished'; status: ProofStatus };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Share links of signed proof reports: the owner creates, lists and revokes them; the public opens and verifies a
 * report by its token. A token that is malformed, unknown, expired or revoked answers null, whichever it is.
 */
@Injectable()
export class ProofShareLinksService {
  constructor(
    private readonly proofs: ProofsStore,
    private readonly links: ProofShareLinksStore,
    private readonly signer: ProofSigner,
    private readonly config: AppConfig,
  ) {}

  /** A new link to the organisation's finished proof; the answer is the only place its token appears. */
  async create(orgId: string, userId: string | null, proofId: string, expiresInDays = PROOF_SHARE_LINK_DEFAULT_DAYS): Promise<ShareLinkCreation> {
    if (!Number.isInteger(expiresInDays) || expiresInDays < PROOF_SHARE_LINK_MIN_DAYS || expiresInDays > PROOF_SHARE_LINK_MAX_DAYS) {
      throw new RangeError(`expiresInDays must be a whole number from ${PROOF_SHARE_LINK_MIN_DAYS} to ${PROOF_SHARE_LINK_MAX_DAYS}`);
    }
    const proof = await this.proofs.find(orgId, proofId);
    if (!proof) return { outcome: 'proof_not_found' };
    if (proof.status !== 'finished' || !proof.report || !proof.signature) return { outcome: 'not_finished', status: proof.status };
    const token = newShareToken();
    const link = await this.links.insert({ orgId, proofId, tokenSha256: shareTokenSha256(token), expiresInDays, createdBy: userId });
    return { outcome: 'created', link: { ...link, token, url: `${this.config.http.appUrl}/proof/${token}` } };
  }

  /** The proof's links, newest first; null when the organisation has no such proof. */
  async list(orgId: string, proofId: string): Promise<ProofShareLink[] | null> {
    if (!(await this.proofs.find(orgId, proofId))) return null;
    return this.links.list(orgId, proofId);
  }

  /** Revokes the link at once (again is the same); null when the proof has no such link in the organisation. */
  async revoke(orgId: string, proofId: string, linkId: string): Promise<ProofShareLink | null> {
    if (!UUID.test(proofId) || !UUID.test(linkId)) return null;
    return this.links.revoke(orgId, proofId, linkId);
  }

  /** The report a working link shows, counted as one open for the owner. */
  async open(token: string): Promise<PublicProofReport | null> {
    if (!isShareTokenShaped(token)) return null;
    const row = await this.links.open(shareTokenSha256(token));
    return row && publicReportOf(row);
  }

  /**
   * Recomputes the SHA-256 of the stored report and checks its signature with Apex's public key, as a recipient
   * would; does not count as an open. Throws ProofSigningKeyMissingError when no key is configured.
   */
  async verify(token: string): Promise<PublicProofVerification | null> {
    if (!isShareTokenShaped(token)) return null;
    const row = await this.links.peek(shareTokenSha256(token));
    if (!row) return null;
    const key = this.signer.publicKey();
    const verification = verifySignedReport({ report: row.report, sha256: row.sha256, signature: row.signature, keyId: row.key_id }, key);
    return { ...verification, keyId: key.keyId, sha256: recomputed(row.report), signedSha256: row.sha256 };
  }
}

function recomputed(report: unknown): string | null {
  try {
    return canonicalSha256(report);
  } catch {
    return null;
  }
}
