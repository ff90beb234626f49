import type { Response } from 'express';
import { inSeconds, type ThrottledError } from '@apex/accounts';
import { CostFileProblem, ProblemType } from '@apex/contracts';
import type { CostDataLimitReached, CostFileRejected } from '@apex/costs';
import type { CostDataLimits } from '@apex/entitlements';
import { ProblemException } from '@apex/http';
import { throttledProblem } from '../auth/throttled-problem';

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
      'Content-Type text/csv (UTF-8), a newline-delimited JSON export with application/x-ndjson, or either compressed with Content-Type application/gzip.',
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

const LIMIT_WORDING: Record<CostDataLimitReached['limit'], { of: string; amount: (n: number) => string }> = {
  uploadRows: { of: 'rows in one upload', amount: (n) => `${n.toLocaleString('en-US')} rows` },
  heldRows: { of: 'rows of cost data held', amount: (n) => `${n.toLocaleString('en-US')} rows` },
  heldBytes: { of: 'bytes of uploaded cost files held', amount: readableSize },
};

/**
 * An upload that passed a cost-data limit of the plan (413): `limit` names it (uploadRows, heldRows or heldBytes),
 * `allowed` is the plan's value and `reached` how far the upload had got; `upgrade` is the lowest plan whose limit
 * is high enough, or null.
 */
export function costDataLimitReached(reached: CostDataLimitReached, plan: CostDataLimits, upgrade: CostDataLimits | null): ProblemException {
  const wording = LIMIT_WORDING[reached.limit];
  const split = reached.limit === 'uploadRows' ? ' Split the export into smaller files (by month, for instance).' : '';
  const lift = upgrade
    ? ` The ${upgrade.name} plan allows ${wording.amount(upgrade[reached.limit])}.`
    : plan.tier === 'enterprise'
      ? ' Contact us to raise it.'
      : ' Contact us about an Enterprise contract.';
  return new ProblemException({
    type: ProblemType.payloadTooLarge,
    title: 'The upload passes a limit of your plan',
    status: 413,
    detail:
      `Your ${plan.name} plan allows ${wording.amount(reached.allowed)} (${wording.of}); ` +
      (reached.limit === 'uploadRows' ? 'this upload stopped at' : 'with this upload it would hold at least') +
      ` ${wording.amount(reached.reached)}, and nothing was stored.${split}${lift}`,
    limit: reached.limit,
    allowed: reached.allowed,
    reached: reached.reached,
    tier: plan.tier,
    upgrade: upgrade ? { tier: upgrade.tier, name: upgrade.name, allowed: upgrade[reached.limit] } : null,
  });
}

/** Too many uploads for the organisation in the plan's hour (429, `Retry-After`). */
export function tooManyUploads(res: Response, refused: ThrottledError, plan: CostDataLimits): ProblemException {
  return throttledProblem(res, refused, {
    title: 'Too many uploads',
    detail: `Your ${plan.name} plan allows ${plan.uploadsPerHour} cost file uploads an hour per organisation. Try again in ${inSeconds(refused.retryAfterSeconds)}; nothing was read or stored.`,
    limit: plan.uploadsPerHour,
  });
}

export const uploadNotFollowed = () =>
  new ProblemException({
    type: ProblemType.notFound,
    title: 'No such upload',
    status: 404,
    detail: 'No upload with that id is being followed by this server: it was sent without it, ended a while ago, or is loading elsewhere.',
  });

/** The client went away before its answer; nobody reads this, but the load's end is logged as what it is. */
export const uploadStopped = () =>
  new ProblemException({
    type: ProblemType.malformedBody,
    title: 'The upload stopped',
    status: 400,
    detail: 'The client went away before the upload was answered; nothing of it was stored.',
  });
