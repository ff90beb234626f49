/** A value of a list column: strings and numbers both as text, so an amount keeps every digit it was written with. */
export type ListValue = string | boolean | null | ListValue[] | { [key: string]: ListValue };

/**
 * Reads a repeated column of the billing export (credits, labels) as a flattened export writes it: JSON from the
 * newline-delimited export (`[{"key": "env", "value": "prod"}]`), or a Python literal from a table flattened by
 * pandas (`[{'name': 'FreeTrial', 'amount': -5e-06, 'full_name': None}]`). Answers undefined for anything else.
 */
export function parseListLiteral(text: string): ListValue[] | undefined {
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError();
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  };

  const string = (): string => {
    const quote = text[at++];
    let out = '';
    while (at < text.length) {
      const char = text[at++];
      if (char === quote) return out;
      if (char !== '\\') {
        out += char;
        continue;
      }
      const escaped = text[at++];
      if (escaped === 'u' || escaped === 'x') {
        const length = escaped === 'u' ? 4 : 2;
        const hex = text.slice(at, at + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) fail();
        out += String.fromCharCode(parseInt(hex, 16));
        at += length;
      } else {
        out += { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' }[escaped] ?? escaped;
      }
    }
    return fail();
  };

  const sequence = <T>(close: string, item: () => T): T[] => {
    at++;
    const items: T[] = [];
    space();
    while (text[at] !== close) {
      items.push(item());
      space();
      if (text[at] === ',') {
        at++;
        space();
      } else if (text[at] !== close) fail();
    }
    at++;
    return items;
  };

  const value = (): ListValue => {
    space();
    const char = text[at];
    if (char === '[') return sequence(']', value);
    if (char === '{') {
      const entries = sequence('}', (): [string, ListValue] => {
        if (text[at] !== '"' && text[at] !== "'") fail();
        const key = string();
        space();
        if (text[at++] !== ':') fail();
        return [key, value()];
      });
      return Object.fromEntries(entries);
    }
    if (char === '"' || char === "'") return string();
    for (const [word, literal] of [['None', null], ['null', null], ['True', true], ['true', true], ['False', false], ['false', false]] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return literal;
      }
    }
    const number = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 100));
    if (!number) return fail();
    at += number[0].length;
    return number[0];
  };

  try {
    space();
    if (text[at] !== '[') return undefined;
    const list = value() as ListValue[];
    space();
    return at === text.length ? list : undefined;
  } catch {
    return undefined;
  }
}

export function isListObject(value: ListValue | undefined): value is { [key: string]: ListValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
