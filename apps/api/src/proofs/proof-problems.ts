import type { RecommendationStatus } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';

export const proofNotFound = (id: string) =>
  new ProblemException({ type: ProblemType.notFound, title: 'No such proof', status: 404, detail: `Your organisation has no proof with the id ${id}.` });

export const implementedOnProblem = (message: string) =>
  new ProblemException({
    type: ProblemType.validation,
    title: 'Your request has invalid fields',
    status: 400,
    detail: 'Correct the fields listed in `errors` and send the request again.',
    errors: [{ field: 'implementedOn', message }],
  });

export function cannotImplementProblem(id: string, status: RecommendationStatus, implementedOn: string | null): ProblemException {
  const detail =
    implementedOn !== null
      ? `Recommendation ${id} was confirmed implemented on ${implementedOn}, and its proof measures from that day; confirm it with that date.`
      : status === 'dismissed'
        ? `Recommendation ${id} is dismissed, and a proof of a dismissed recommendation is refused: accept it first.`
        : `Recommendation ${id} is ${status}; only an open or accepted recommendation can be implemented.`;
  return new ProblemException({ type: ProblemType.conflict, title: 'The recommendation cannot be marked implemented', status: 409, detail, currentStatus: status });
}

export const proofNotStartedProblem = () =>
  new ProblemException({
    type: ProblemType.serviceUnavailable,
    title: 'The proof could not be started',
    status: 503,
    detail: 'The implementation is recorded and its proof opened, but the service that measures it did not answer. Send the same request again shortly.',
  });

export const signingKeyMissingProblem = () =>
  new ProblemException({
    type: ProblemType.serviceUnavailable,
    title: 'No proof signing key is configured',
    status: 503,
    detail: 'PROOF_SIGNING_KEY is not set, so proof reports are not signed and there is no public key to serve.',
  });
