import type { NextFunction, Request, Response } from 'express';
import { FieldError, ProblemType } from '@apex/contracts';
import { ProblemException } from './problem.exception';

/**
 * What no string of a request may hold: C0 controls other than tab, line feed and carriage return, DEL, C1 controls,
 * and UTF-16 surrogates that are not part of a pair (they cannot be stored as UTF-8 or in PostgreSQL text).
 * Tab and line breaks stay allowed in a JSON body because some fields are free text (an inquiry's message, a
 * dismissal reason); fields that must be one line say so in their own validation. A query string is never free text,
 * so there every control character is refused.
 */
// Matching control characters is what these two expressions are for.
/* eslint-disable no-control-regex */
const UNSAFE_IN_BODY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_IN_QUERY = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/* eslint-enable no-control-regex */

const describe = (character: string) => {
  const code = character.charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 0xd800 && code <= 0xdfff ? `an unpaired surrogate (${hex})` : `a control character (${hex})`;
};

/** Every string in `value`, keys included, that holds a character `unsafe` matches, named by its dotted path. */
export function unsafeTextIn(value: unknown, unsafe: RegExp, path = ''): FieldError[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (typeof value === 'string') {
    const found = unsafe.exec(value);
    return found ? [{ field: path || '(body)', message: `${path || 'the body'} must not contain ${describe(found[0])}` }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => unsafeTextIn(item, unsafe, at(String(index))));
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.entries(value).flatMap(([key, item]) => {
      const found = unsafe.exec(key);
      const ownKey = found ? [{ field: at(key), message: `the field name ${JSON.stringify(key)} must not contain ${describe(found[0])}` }] : [];
      return [...ownKey, ...unsafeTextIn(item, unsafe, at(key))];
    });
  }
  return [];
}

/** Express middleware, after the body parser: refuses a JSON body or query string with unsafe characters, naming each field. */
export function refuseUnsafeText(req: Request, _res: Response, next: NextFunction): void {
  const errors = [...unsafeTextIn(req.query, UNSAFE_IN_QUERY), ...unsafeTextIn(req.body, UNSAFE_IN_BODY)];
  if (errors.length === 0) return next();
  next(
    new ProblemException({
      type: ProblemType.validation,
      title: 'Your request has invalid fields',
      status: 400,
      detail: `Remove the control characters or broken Unicode from: ${[...new Set(errors.map((e) => e.field))].join(', ')}.`,
      errors,
    }),
  );
}
