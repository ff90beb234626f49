import { HttpErrorResponse } from '@angular/common/http';
import { catchError, exhaustMap, map, Observable, of, scan, takeWhile, timer } from 'rxjs';
import type { EnterpriseInquiryView } from '@apex/contracts';
import { problemMessage } from '../../core/problem-message';

export const POLL_INTERVAL_MS = 1000;

export interface InquiryPollState {
  view: EnterpriseInquiryView | null;
  notFound: boolean;
  /** Why the latest refresh failed; polling goes on. */
  error: string | null;
}

export const INITIAL_POLL_STATE: InquiryPollState = { view: null, notFound: false, error: null };

type Update = { view: EnterpriseInquiryView } | { notFound: true } | { error: string };

const isFinal = (state: InquiryPollState) => state.notFound || state.view?.status === 'acknowledged';

/**
 * Fetches an inquiry now and then every POLL_INTERVAL_MS until it is acknowledged or known not to exist.
 * A failed refresh keeps the last view and is retried on the next tick.
 */
export function pollInquiry(fetch: () => Observable<EnterpriseInquiryView>): Observable<InquiryPollState> {
  return timer(0, POLL_INTERVAL_MS).pipe(
    exhaustMap(() =>
      fetch().pipe(
        map((view): Update => ({ view })),
        catchError((error: unknown) =>
          of<Update>(error instanceof HttpErrorResponse && error.status === 404 ? { notFound: true } : { error: problemMessage(error) }),
        ),
      ),
    ),
    scan((state: InquiryPollState, update: Update): InquiryPollState => {
      if ('view' in update) return { view: update.view, notFound: false, error: null };
      if ('notFound' in update) return { view: null, notFound: true, error: null };
      return { ...state, error: update.error };
    }, INITIAL_POLL_STATE),
    takeWhile((state) => !isFinal(state), true),
  );
}
