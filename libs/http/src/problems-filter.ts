import { ArgumentsHost, ExceptionFilter, Type } from '@nestjs/common';
import type { ProblemDetails } from '@apex/contracts';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ProblemException } from './problem.exception';

/**
 * The base of a filter that answers each error it catches with the problem `problemFor` makes of it.
 * Extend it and name what it catches: `@Catch(AccountsError) class AccountProblemsFilter extends problemsFilter(problemFor) {}`.
 */
export function problemsFilter<E>(problemFor: (error: E) => ProblemDetails): Type<ExceptionFilter<E>> {
  class ProblemsFilter implements ExceptionFilter<E> {
    private readonly problems = new ProblemDetailsFilter();

    catch(error: E, host: ArgumentsHost): void {
      this.problems.catch(new ProblemException(problemFor(error)), host);
    }
  }
  return ProblemsFilter;
}
