import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable } from 'rxjs';
import { ProblemType } from '@apex/contracts';
import { MetricsQueryError } from '@apex/costs';
import { ProblemException } from '@apex/http';

/** A metrics query the caller has to correct becomes a 400 validation problem listing the parameters at fault. */
@Injectable()
export class MetricsQueryErrors implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof MetricsQueryError)) throw error;
        throw new ProblemException({
          type: ProblemType.validation,
          title: 'Your request has invalid fields',
          status: 400,
          detail: 'Correct the query parameters listed in `errors` and send the request again.',
          errors: error.errors,
        });
      }),
    );
  }
}
