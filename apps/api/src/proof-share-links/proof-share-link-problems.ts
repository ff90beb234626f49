import type { ProofStatus } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';

/**
 * The one answer for a share token that is malformed, unknown, expired or revoked: the same status and words for
 * all four, so the public routes tell a prober nothing about which tokens exist.
 */
export const shareLinkUnavailable = () =>
  new ProblemException({
    type: ProblemType.proofShareLinkUnavailable,
    title: 'This link is not available',
    status: 404,
    detail: 'Ask the person who shared it with you for a new link.',
  });

export const shareLinkNotFound = (linkId: string) =>
  new ProblemException({ type: ProblemType.notFound, title: 'No such share link', status: 404, detail: `This proof has no share link with the id ${linkId}.` });

export const proofNotFinishedProblem = (id: string, status: ProofStatus) =>
  new ProblemException({
    type: ProblemType.proofNotFinished,
    title: 'The proof has no signed report to share yet',
    status: 409,
    detail:
      status === 'failed'
        ? `Proof ${id} failed, so it has no signed report; a link can only share a finished proof.`
        : `Proof ${id} is ${status === 'baseline' ? 'capturing its baseline' : status === 'measuring' ? 'still measuring' : 'calculating its result'}; a link can be created once its report is signed.`,
    currentStatus: status,
  });
