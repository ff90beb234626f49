import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemType } from '@apex/contracts';
import { ProblemException } from './problem.exception';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Rejects unknown fields and wrong types with a 400 that lists every field at fault. */
export const validationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) =>
      new ProblemException({
        type: ProblemType.validation,
        title: 'Your request has invalid fields',
        status: 400,
        detail: 'Correct the fields listed in `errors` and send the request again.',
        errors: flatten(errors),
      }),
  });
