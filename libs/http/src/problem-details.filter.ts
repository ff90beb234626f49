import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, ProblemType } from '@apex/contracts';
import { allowedMethods } from './allowed-methods';
import { ProblemException } from './problem.exception';

const typeForStatus: Partial<Record<number, string>> = {
  400: ProblemType.validation,
  401: ProblemType.unauthorized,
  403: ProblemType.forbidden,
  404: ProblemType.notFound,
  409: ProblemType.conflict,
  413: ProblemType.payloadTooLarge,
  415: ProblemType.unsupportedMediaType,
  503: ProblemType.serviceUnavailable,
};

const messageOf = (exception: HttpException): unknown => {
  const body = exception.getResponse();
  return typeof body === 'string' ? body : (body as { message?: unknown }).message;
};

/** Nest's own 404 for a path and method that no route has. */
const isUnroutedRequest = (exception: HttpException) => exception.getStatus() === 404 && /^Cannot [A-Z]+ /.test(String(messageOf(exception)));

function unrouted(req: Request, path: string): { problem: ProblemDetails; allow?: string } {
  const allow = allowedMethods(req);
  if (allow.length === 0) {
    return { problem: { type: ProblemType.notFound, title: 'No such endpoint', status: 404, detail: `${path} is not an endpoint of this API. See /api/docs.` } };
  }
  return {
    allow: allow.join(', '),
    problem: {
      type: ProblemType.methodNotAllowed,
      title: 'Method not allowed',
      status: 405,
      detail: `${path} does not answer ${req.method}; it answers ${allow.join(', ')}.`,
    },
  };
}

function fromHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  const message = messageOf(exception);
  return {
    type: typeForStatus[status] ?? ProblemType.http,
    title: HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase().replace(/^\w/, (c) => c.toUpperCase()) ?? 'Error',
    status,
    detail: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
  };
}

/** Turns every error, including unknown routes and unparsable bodies, into application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const { problem, allow } = this.toProblem(exception, req);
    if (allow) res.setHeader('Allow', allow);
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    res
      .status(problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...problem, instance: req.originalUrl, requestId: req.id }));
  }

  private toProblem(exception: unknown, req: Request): { problem: ProblemDetails; allow?: string } {
    if (exception instanceof ProblemException) return { problem: exception.problem };
    if (exception instanceof HttpException) {
      return isUnroutedRequest(exception) ? unrouted(req, req.originalUrl ?? req.url) : { problem: fromHttpException(exception) };
    }
    return {
      problem: {
        type: ProblemType.internal,
        title: 'Something went wrong on our side',
        status: 500,
        detail: 'The error has been logged. Try again, and quote the requestId if it persists.',
      },
    };
  }
}
