import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, Observable, of, throwError } from 'rxjs';
import type { Principal } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';
import { IS_PUBLIC } from '../auth/public.decorator';
import { IS_IDEMPOTENCY_EXEMPT } from './idempotency-exempt.decorator';
import { callerOf, IdempotencyScope, IdempotencyStore, requestHash } from './idempotency-store';

const KEY = /^[\x21-\x7e]{1,255}$/;

const malformedKey = () =>
  new ProblemException({
    type: ProblemType.validation,
    title: 'Your request has invalid fields',
    status: 400,
    detail: 'Correct the fields listed in `errors` and send the request again.',
    errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
  });

/**
 * `Idempotency-Key` on every authenticated POST: the first request's
 * successful response is stored and replayed for a retry with the same key
 * and the same request; a different request under a used key gets a 422; a
 * retry while the first is still running gets a 409 with Retry-After. Errors
 * are not stored, so a refused request (say, limit reached) can be retried
 * under its key later. Keys belong to their caller: the same key from another
 * person or API key, in the same organisation or not, is another request.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly store: IdempotencyStore,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { principal?: Principal }>();
    const res = http.getResponse<Response>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || key === undefined || !req.principal) return next.handle();
    const exempt = [IS_PUBLIC, IS_IDEMPOTENCY_EXEMPT].some((flag) =>
      this.reflector.getAllAndOverride<boolean>(flag, [context.getHandler(), context.getClass()]),
    );
    if (exempt) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) throw malformedKey();

    const scope: IdempotencyScope = { orgId: req.principal.orgId, caller: callerOf(req.principal) };
    const path = req.originalUrl.split('?')[0];
    const claim = await this.store.claim(scope, key, req.method, path, requestHash(req.method, path, req.body));
    switch (claim.state) {
      case 'replay':
        res.status(claim.statusCode).setHeader('Idempotent-Replayed', 'true');
        return of(claim.body);
      case 'mismatch':
        throw new ProblemException({
          type: ProblemType.idempotencyConflict,
          title: 'This Idempotency-Key was used for a different request',
          status: 422,
          detail: 'Send a new Idempotency-Key for a new request; reuse a key only to retry the exact same request.',
        });
      case 'in_progress':
        res.setHeader('Retry-After', '1');
        throw new ProblemException({
          type: ProblemType.conflict,
          title: 'A request with this Idempotency-Key is still being processed',
          status: 409,
          detail: 'Retry shortly: you will get the first request’s response.',
        });
      case 'claimed':
        return next.handle().pipe(
          concatMap((body) => from(this.store.complete(scope, key, res.statusCode, body).then(() => body))),
          catchError((error) => from(this.store.release(scope, key)).pipe(concatMap(() => throwError(() => error)))),
        );
    }
  }
}
