import type { Request } from 'express';
import type { RequestWithPrincipal } from '../auth/current-principal.decorator';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * Who may see what the readiness check found: an operator signed in with a session, or a probe on this machine.
 * A request relayed by a proxy (it names a client in X-Forwarded-For or X-Real-IP) is not local, whoever relayed it.
 */
export function mayReadHealthDetails(req: Request & RequestWithPrincipal): boolean {
  if (req.principal?.isOperator && req.principal.via === 'session') return true;
  const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers['x-real-ip'] !== undefined || req.headers['forwarded'] !== undefined;
  return !relayed && LOOPBACK.test(req.socket.remoteAddress ?? '');
}
