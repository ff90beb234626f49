import { ParseUUIDPipe } from '@nestjs/common';
import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';

/** A path id that is not a UUID names nothing: 404, like an id of another organisation. */
export const uuidParam = (what: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      new ProblemException({ type: ProblemType.notFound, title: `No such ${what}`, status: 404, detail: `No ${what} with that id in your organisation` }),
  });
