import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, ProblemType } from '@apex/contracts';
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

function fromHttpException(exception: HttpException, path: string): ProblemDetails {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  if (status === 404 && /^Cannot [A-Z]+ /.test(String(message))) {
    return { type: ProblemType.notFound, title: 'No such endpoint', status, detail: `${path} is not an endpoint of this API. See /api/docs.` };
  }
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
    const problem = this.toProblem(exception, req.originalUrl ?? req.url);
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    res
      .status(problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...problem, instance: req.originalUrl, requestId: req.id }));
  }

  private toProblem(exception: unknown, path: string): ProblemDetails {
    if (exception instanceof ProblemException) return exception.problem;
    if (exception instanceof HttpException) return fromHttpException(exception, path);
    return {
      type: ProblemType.internal,
      title: 'Something went wrong on our side',
      status: 500,
      detail: 'The error has been logged. Try again, and quote the requestId if it persists.',
    };
  }
}
