import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential value that prints, logs and serialises as "[redacted]"; only `reveal()` gives the value, at the one
 * place that sends it to the provider or encrypts it.
 */
export class SecretString {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
