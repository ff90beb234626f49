import { HttpException } from '@nestjs/common';
import type { ProblemDetails } from '@apex/contracts';

/** An error whose RFC 9457 body is already decided. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDetails) {
    super(problem, problem.status);
  }
}
