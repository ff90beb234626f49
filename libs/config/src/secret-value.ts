import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A configured secret that prints, logs and serialises as "[redacted]"; only `reveal()` gives the value, at the one
 * place that sends it. Cost-provider credentials use it too, as `SecretString`.
 */
export class SecretValue {
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
