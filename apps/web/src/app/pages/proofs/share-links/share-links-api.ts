import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { CreatedProofShareLink, CreateProofShareLinkRequest, ProofShareLink } from '@apex/contracts';
import { API_BASE } from '../../../core/api-client';

const linksOf = (proofId: string) => `${API_BASE}/proofs/${encodeURIComponent(proofId)}/share-links`;

/** The owner's calls for a proof's share links. */
@Injectable({ providedIn: 'root' })
export class ShareLinksApi {
  private readonly http = inject(HttpClient);

  list(proofId: string): Observable<ProofShareLink[]> {
    return this.http.get<ProofShareLink[]>(linksOf(proofId));
  }

  /** The answer carries the link's URL, the only time it is shown. */
  create(proofId: string, request: CreateProofShareLinkRequest): Observable<CreatedProofShareLink> {
    return this.http.post<CreatedProofShareLink>(linksOf(proofId), request);
  }

  revoke(proofId: string, linkId: string): Observable<ProofShareLink> {
    return this.http.delete<ProofShareLink>(`${linksOf(proofId)}/${encodeURIComponent(linkId)}`);
  }
}
