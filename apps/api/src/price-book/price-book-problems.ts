import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';
import type { PriceFileError } from '@apex/pricing';

export const priceBookVersionNotFound = (version: number | string) =>
  new ProblemException({ type: ProblemType.notFound, title: 'No such price-book version', status: 404, detail: `There is no price-book version ${version}.` });

export const priceFileInvalid = (error: PriceFileError) =>
  new ProblemException({
    type: ProblemType.priceFileInvalid,
    title: 'The price files were refused',
    status: 400,
    detail: 'Nothing was imported and the active version stays. `errors` name each entry and field.',
    errors: error.errors,
  });
