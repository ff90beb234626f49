import { HttpErrorResponse } from '@angular/common/http';
import { catchError, exhaustMap, map, Observable, of, scan, takeWhile, timer } from 'rxjs';
import type { RunDetail } from '@apex/contracts';
import { problemMessage } from '../../core/problem-message';
import { isWorking } from './run-labels';

/** How often a queued or working run is fetched again. */
export const RUN_POLL_MS = 1500;

export interface RunPollState {
  detail: RunDetail | null;
  notFound: boolean;
  /** Why the latest fetch failed; polling goes on with the last detail kept. */
  error: string | null;
}

export const INITIAL_RUN_POLL: RunPollState = { detail: null, notFound: false, error: null };

type Update = { detail: RunDetail } | { notFound: true } | { error: string };

const isFinal = (state: RunPollState) => state.notFound || (state.detail !== null && !isWorking(state.detail));

/**
 * Fetches a run now and then every RUN_POLL_MS while it is queued or working; completes after the first answer
 * that shows it ended (or that it does not exist). Unsubscribing stops it, as a destroyed page does.
 */
export function pollRun(fetch: () => Observable<RunDetail>, intervalMs = RUN_POLL_MS): Observable<RunPollState> {
  return timer(0, intervalMs).pipe(
    exhaustMap(() =>
      fetch().pipe(
        map((detail): Update => ({ detail })),
        catchError((error: unknown) =>
          of<Update>(error instanceof HttpErrorResponse && error.status === 404 ? { notFound: true } : { error: problemMessage(error) }),
        ),
      ),
    ),
    scan((state: RunPollState, update: Update): RunPollState => {
      if ('detail' in update) return { detail: update.detail, notFound: false, error: null };
      if ('notFound' in update) return { detail: null, notFound: true, error: null };
      return { ...state, error: update.error };
    }, INITIAL_RUN_POLL),
    takeWhile((state) => !isFinal(state), true),
  );
}
