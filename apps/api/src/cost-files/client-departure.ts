import type { Response } from 'express';

/**
 * A signal aborted when the client goes away before it has its answer (the connection closes with the response
 * unfinished), whether or not the whole body had arrived: a load still inflating a body received in full stops too.
 */
export function clientDeparture(res: Response): { signal: AbortSignal; dispose(): void } {
  const departure = new AbortController();
  const leave = () => {
    if (!res.writableFinished) departure.abort(Object.assign(new Error('The client went away before the upload was answered.'), { code: 'ECONNRESET' }));
  };
  res.once('close', leave);
  return {
    signal: departure.signal,
    dispose: () => res.off('close', leave),
  };
}
