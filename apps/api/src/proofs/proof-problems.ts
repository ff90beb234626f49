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

export const notMeasuringProblem = (id: string, status: string) =>
  new ProblemException({
    type: ProblemType.conflict,
    title: 'The proof is not measuring',
    status: 409,
    detail: `Proof ${id} is ${status}; only a proof that is measuring has a reporting period to end.`,
    currentStatus: status,
  });

export const reportNotReadyProblem = (id: string, status: string) =>
  new ProblemException({
    type: ProblemType.proofNotFinished,
    title: 'The proof has no report yet',
    status: 409,
    detail: `Proof ${id} is ${status}: its PDF is made from the signed report, which exists once the proof has finished. The evidence CSV exports the rows measured so far.`,
    currentStatus: status,
  });

export const periodNotEndedProblem = () =>
  new ProblemException({
    type: ProblemType.serviceUnavailable,
    title: 'The reporting period could not be ended',
    status: 503,
    detail: 'The service that measures the proof did not answer. Send the same request again shortly.',
  });

export const onlyOwnersAndAdminsProblem = (what: string) =>
  new ProblemException({ type: ProblemType.forbidden, title: 'Your role does not allow this', status: 403, detail: `Only an owner or an admin can ${what}.` });
