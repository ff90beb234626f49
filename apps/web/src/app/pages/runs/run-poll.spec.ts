import { HttpErrorResponse } from '@angular/common/http';
import { Observable, of, throwError } from 'rxjs';
import type { RunDetail } from '@apex/contracts';
import { pollRun, RUN_POLL_MS, RunPollState } from './run-poll';
import { detail } from './testing/run-fixtures';

describe('pollRun', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function follow(answers: Array<() => Observable<RunDetail>>) {
    const states: RunPollState[] = [];
    let fetches = 0;
    let done = false;
    const subscription = pollRun(() => answers[Math.min(fetches++, answers.length - 1)]()).subscribe({
      next: (state) => states.push(state),
      complete: () => (done = true),
    });
    jest.advanceTimersByTime(0);
    return { states, fetches: () => fetches, done: () => done, subscription };
  }

  it('fetches the run every 1.5 s while it works and stops once it has ended', () => {
    const poll = follow([() => of(detail('admitted')), () => of(detail('running')), () => of(detail('succeeded'))]);
    expect(RUN_POLL_MS).toBe(1500);
    expect(poll.states.map((s) => s.detail?.status)).toEqual(['admitted']);
    jest.advanceTimersByTime(RUN_POLL_MS);
    jest.advanceTimersByTime(RUN_POLL_MS);
    expect(poll.states.map((s) => s.detail?.status)).toEqual(['admitted', 'running', 'succeeded']);
    expect(poll.done()).toBe(true);
    jest.advanceTimersByTime(10 * RUN_POLL_MS);
    expect(poll.fetches()).toBe(3);
  });

  it('keeps the last detail through a failed fetch, says why, and goes on', () => {
    const poll = follow([
      () => of(detail('running')),
      () => throwError(() => new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') })),
      () => of(detail('running')),
    ]);
    jest.advanceTimersByTime(RUN_POLL_MS);
    expect(poll.states[1]).toMatchObject({ detail: { status: 'running' }, error: 'We could not reach Apex. Check your connection and try again.' });
    jest.advanceTimersByTime(RUN_POLL_MS);
    expect(poll.states[2].error).toBeNull();
    expect(poll.done()).toBe(false);
    poll.subscription.unsubscribe();
    jest.advanceTimersByTime(10 * RUN_POLL_MS);
    expect(poll.fetches()).toBe(3);
  });

  it('stops at once for a run that does not exist', () => {
    const poll = follow([() => throwError(() => new HttpErrorResponse({ status: 404, error: { title: 'Run not found', status: 404 } }))]);
    expect(poll.states).toEqual([{ detail: null, notFound: true, error: null }]);
    expect(poll.done()).toBe(true);
  });
});
