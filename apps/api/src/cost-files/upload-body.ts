import { PassThrough, Readable } from 'node:stream';
import type { Request } from 'express';

/**
 * The request body as a stream of its own: the loader may end it early (a file refused mid-way, a body over the
 * limit) without destroying the request, so that the answer still reaches the client; a client that goes away
 * mid-upload still fails the load, so that its transaction is rolled back at once.
 */
export function uploadBody(req: Request): Readable {
  const body = new PassThrough({ highWaterMark: 64 * 1024 });
  const abort = () => {
    if (!req.complete) body.destroy(Object.assign(new Error('The client stopped sending the upload.'), { code: 'ECONNRESET' }));
  };
  req.once('error', abort);
  req.once('close', abort);
  body.once('close', () => {
    req.off('close', abort);
    // The request can still fail once the body is done with it (the client going away): nothing is left to tell.
    req.off('error', abort).on('error', () => undefined);
  });
  return req.pipe(body);
}
