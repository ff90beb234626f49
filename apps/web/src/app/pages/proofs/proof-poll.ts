import { HttpErrorResponse } from '@angular/common/http';
import { catchError, EMPTY, expand, map, Observable, of, switchMap, timer } from 'rxjs';
import type { ProofStatus, ProofView } from '@apex/contracts';
import { problemMessage } from '../../core/problem-message';

/** How often a proof is fetched again: soon while Apex works on it, now and then while it waits out its period. */
export const PROOF_POLL_MS: Record<ProofStatus, number | null> = {
  baseline: 2000,
  calculating: 2000,
  measuring: 60_000,
  finished: null,
  failed: null,
};

export interface ProofPollState {
  proof: ProofView | null;
  notFound: boolean;
  error: string | null;
}

type Answer = ProofPollState & { again: number | null };

/**
 * Fetches a proof now, and again while it is not finished, at its status's pace; a failed fetch is tried again
 * after a while. Completes once the proof is finished or failed, or does not exist.
 */
export function pollProof(fetch: () => Observable<ProofView>, pace: Record<ProofStatus, number | null> = PROOF_POLL_MS): Observable<ProofPollState> {
  const once = (): Observable<Answer> =>
    fetch().pipe(
      map((proof): Answer => ({ proof, notFound: false, error: null, again: pace[proof.status] })),
      catchError((error: unknown) =>
        of<Answer>(
          error instanceof HttpErrorResponse && error.status === 404
            ? { proof: null, notFound: true, error: null, again: null }
            : { proof: null, notFound: false, error: problemMessage(error), again: 5000 },
        ),
      ),
    );
  return once().pipe(
    expand((answer) => (answer.again === null ? EMPTY : timer(answer.again).pipe(switchMap(once)))),
    map(({ proof, notFound, error }) => ({ proof, notFound, error })),
  );
}
