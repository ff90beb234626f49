import { CostFileProblem, ProblemType } from '@apex/contracts';
import type { CostFileRejected } from '@apex/costs';
import { ProblemException } from '@apex/http';

export function costFileInvalid(rejected: CostFileRejected): ProblemException {
  const total = rejected.errors.length + rejected.moreErrors;
  const problem: CostFileProblem = {
    type: ProblemType.costFileInvalid,
    title: 'The cost file was refused',
    status: 422,
    detail:
      `${rejected.file} has ${total} ${total === 1 ? 'problem' : 'problems'}` +
      (rejected.moreErrors ? ` (the first ${rejected.errors.length} are listed)` : '') +
      '. Nothing of it was stored: correct the file and upload it again.',
    errors: rejected.errors,
    moreErrors: rejected.moreErrors,
  };
  return new ProblemException(problem);
}

const readableSize = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GB` : bytes >= 1024 ** 2 ? `${+(bytes / 1024 ** 2).toFixed(2)} MB` : `${bytes} bytes`;

export const costFileTooLarge = (limitBytes: number, what: 'body' | 'decompressed file' = 'body') =>
  new ProblemException({
    type: ProblemType.payloadTooLarge,
    title: 'The cost file is too large',
    status: 413,
    detail:
      what === 'body'
        ? `Uploads are limited to ${readableSize(limitBytes)}; nothing was stored. Split the export by month, or gzip it.`
        : `The file inflates to more than ${readableSize(limitBytes)}; nothing was stored. Split the export by month.`,
    limitBytes,
  });

export const unsupportedMediaType = (received: string) =>
  new ProblemException({
    type: ProblemType.unsupportedMediaType,
    title: 'Send the FOCUS file as CSV or gzip',
    status: 415,
    detail:
      `The body was ${received ? `"${received}"` : 'sent without a Content-Type'}. Send the CSV itself as the body (not a multipart form) with ` +
      'Content-Type text/csv (UTF-8), or compressed with Content-Type application/gzip.',
  });

export const unsupportedEncoding = (encoding: string) =>
  new ProblemException({
    type: ProblemType.unsupportedMediaType,
    title: 'Unsupported content encoding',
    status: 415,
    detail: `Content-Encoding "${encoding}" is not supported: send the file plain or gzip.`,
  });

export const onlyOwnersAndAdmins = () =>
  new ProblemException({
    type: ProblemType.forbidden,
    title: 'Your role does not allow this',
    status: 403,
    detail: 'Only an owner or an admin can upload cost files.',
  });

export const costFileNotFound = () =>
  new ProblemException({ type: ProblemType.notFound, title: 'No such cost file', status: 404, detail: 'No cost file with that id in your organisation' });
