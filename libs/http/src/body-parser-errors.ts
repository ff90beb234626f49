import type { NextFunction, Request, Response } from 'express';
import { ProblemDetails, ProblemType } from '@apex/contracts';
import { ProblemException } from './problem.exception';

type Known = Pick<ProblemDetails, 'type' | 'title' | 'status'>;

const problems: Record<string, Known> = {
  'entity.parse.failed': { type: ProblemType.malformedBody, title: 'The request body is not valid JSON', status: 400 },
  'entity.too.large': { type: ProblemType.payloadTooLarge, title: 'The request body is too large', status: 413 },
  'encoding.unsupported': { type: ProblemType.unsupportedMediaType, title: 'Unsupported content encoding', status: 415 },
  'charset.unsupported': { type: ProblemType.unsupportedMediaType, title: 'Unsupported charset', status: 415 },
  'request.aborted': { type: ProblemType.malformedBody, title: 'The request body ended early', status: 400 },
  'request.size.invalid': { type: ProblemType.malformedBody, title: 'The request body does not match its Content-Length', status: 400 },
};

const undecodable: Known = { type: ProblemType.malformedBody, title: 'The request body could not be decompressed', status: 400 };

interface ParserError {
  type?: string;
  code?: string;
  message?: string;
}

/** zlib's errors while inflating a body: Z_DATA_ERROR, Z_BUF_ERROR… for gzip and deflate, ERR__ERROR_FORMAT_…, ERR_BROTLI_… for br. */
const isDecompressionError = (error: ParserError) => typeof error.code === 'string' && /^(Z_|ERR__|ERR_BROTLI|ERR_ZLIB)/.test(error.code);

/**
 * Express error middleware to mount right after the body parser: it names a
 * parser failure precisely before Nest would flatten it into a bare 400, and
 * a body whose Content-Encoding does not hold (bad gzip, deflate or br) into a 400.
 */
export function bodyParserErrors(error: ParserError, req: Request, _res: Response, next: NextFunction): void {
  const known = error?.type ? problems[error.type] : error && isDecompressionError(error) ? undecodable : undefined;
  if (!known) return next(error);
  const detail =
    known === undecodable
      ? `The body is not valid ${String(req.headers['content-encoding'] ?? 'compressed')} data (${error.message}).`
      : error.message;
  next(new ProblemException({ ...known, detail }));
}
