import type { NextFunction, Request, Response } from 'express';
import { ProblemDetails, ProblemType } from '@apex/contracts';
import { ProblemException } from './problem.exception';

const problems: Record<string, Pick<ProblemDetails, 'type' | 'title' | 'status'>> = {
  'entity.parse.failed': { type: ProblemType.malformedBody, title: 'The request body is not valid JSON', status: 400 },
  'entity.too.large': { type: ProblemType.payloadTooLarge, title: 'The request body is too large', status: 413 },
  'encoding.unsupported': { type: ProblemType.unsupportedMediaType, title: 'Unsupported content encoding', status: 415 },
  'charset.unsupported': { type: ProblemType.unsupportedMediaType, title: 'Unsupported charset', status: 415 },
};

/**
 * Express error middleware to mount right after the body parser: it names a
 * parser failure precisely before Nest would flatten it into a bare 400.
 */
export function bodyParserErrors(error: { type?: string; message?: string }, _req: Request, _res: Response, next: NextFunction): void {
  const known = error?.type ? problems[error.type] : undefined;
  next(known ? new ProblemException({ ...known, detail: error.message }) : error);
}
