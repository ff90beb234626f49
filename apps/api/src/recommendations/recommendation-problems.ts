import type { RecommendationStatus } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';

export const recommendationNotFound = (id: string) =>
  new ProblemException({ type: ProblemType.notFound, title: 'No such recommendation', status: 404, detail: `Your organisation has no recommendation with the id ${id}.` });

export const recommendationCannotMove = (id: string, from: RecommendationStatus, to: 'accepted' | 'dismissed') =>
  new ProblemException({
    type: ProblemType.conflict,
    title: `The recommendation cannot be ${to}`,
    status: 409,
    detail: `Recommendation ${id} is ${from}; only an open, ${to === 'accepted' ? 'dismissed' : 'accepted'} recommendation can be ${to}.`,
    currentStatus: from,
  });
