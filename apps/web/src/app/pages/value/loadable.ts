import { computed, Signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, Observable, of, startWith, switchMap } from 'rxjs';
import { problemMessage } from '../../core/problem-message';

export type Loadable<T> = { state: 'loading' } | { state: 'loaded'; value: T } | { state: 'failed'; message: string };

/**
 * The answer to `load(key())`, loaded again whenever the key changes (an earlier answer still on its way is
 * dropped); a failure becomes a sentence a person can act on. Call in an injection context.
 */
export function loadOnChange<K, T>(key: () => K, load: (key: K) => Observable<T>): Signal<Loadable<T>> {
  const keys = toObservable(computed(key, { equal: (a, b) => JSON.stringify(a) === JSON.stringify(b) }));
  return toSignal(
    keys.pipe(
      switchMap((value) =>
        load(value).pipe(
          map((loaded): Loadable<T> => ({ state: 'loaded', value: loaded })),
          catchError((error: unknown) => of<Loadable<T>>({ state: 'failed', message: problemMessage(error) })),
          startWith<Loadable<T>>({ state: 'loading' }),
        ),
      ),
    ),
    { initialValue: { state: 'loading' } },
  );
}

/** The loaded value, or null while loading or after a failure. */
export const valueOf = <T>(loadable: Loadable<T>): T | null => (loadable.state === 'loaded' ? loadable.value : null);
