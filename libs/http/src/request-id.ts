import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const ACCEPTABLE = /^[A-Za-z0-9._-]{1,128}$/;

type WithId = IncomingMessage & { id?: unknown };

/** Keeps a caller's X-Request-Id when it is sane, otherwise makes one, and echoes it back. */
export function requestId(req: WithId, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Express middleware that assigns the id first, so even a body that fails to parse has one. */
export function assignRequestId(req: WithId, res: ServerResponse, next: () => void): void {
  requestId(req, res);
  next();
}
