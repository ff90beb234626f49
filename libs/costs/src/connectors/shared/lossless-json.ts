/** A JSON value whose numbers are kept as the literal text the server sent, so money never passes through a float. */
export type JsonValue = string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses JSON like JSON.parse, except that every number comes back as its literal text ("0.06", "20180331"). */
export function parseJsonKeepingNumbers(text: string): JsonValue {
  let at = 0;

  const fail = (what: string): never => {
    throw new SyntaxError(`invalid JSON at position ${at}: ${what}`);
  };
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  };
  const expect = (char: string) => {
    if (text[at] !== char) fail(`expected "${char}"`);
    at++;
  };

  const parseString = (): string => {
    const start = at;
    expect('"');
    for (let escaped = false; at < text.length; at++) {
      const char = text[at];
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') {
        at++;
        return JSON.parse(text.slice(start, at)) as string;
      }
    }
    return fail('unterminated string');
  };

  const parseValue = (): JsonValue => {
    skipSpace();
    const char = text[at];
    if (char === '{') {
      at++;
      const object: { [key: string]: JsonValue } = {};
      skipSpace();
      if (text[at] === '}') {
        at++;
        return object;
      }
      for (;;) {
        skipSpace();
        const key = parseString();
        skipSpace();
        expect(':');
        object[key] = parseValue();
        skipSpace();
        if (text[at] === ',') at++;
        else {
          expect('}');
          return object;
        }
      }
    }
    if (char === '[') {
      at++;
      const array: JsonValue[] = [];
      skipSpace();
      if (text[at] === ']') {
        at++;
        return array;
      }
      for (;;) {
        array.push(parseValue());
        skipSpace();
        if (text[at] === ',') at++;
        else {
          expect(']');
          return array;
        }
      }
    }
    if (char === '"') return parseString();
    for (const [literal, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(literal, at)) {
        at += literal.length;
        return value;
      }
    }
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    if (!number) return fail('unexpected character');
    at += number[0].length;
    return number[0];
  };

  const value = parseValue();
  skipSpace();
  if (at !== text.length) fail('unexpected text after the value');
  return value;
}

export function isJsonObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
