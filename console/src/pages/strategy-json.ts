// The strategy editor's reading of its text: strict JSON, the place of the first
// syntax error (JSON.parse's own messages differ by browser and often name no
// position), and where each value starts, so an error the API names by path
// (variants.0.segments.high-risk.ladder.2.atDpd) can be shown at its line.

export interface TextPlace {
  offset: number;
  line: number;
  column: number;
}

export interface SyntaxProblem extends TextPlace {
  /** The character that does not fit, or undefined at the end of the text. */
  found?: string;
}

export type JsonReading = { ok: true; value: unknown; starts: Map<string, number> } | { ok: false; problem: SyntaxProblem };

/** Line and column (both from 1) of an offset in the text. */
export function placeOf(text: string, offset: number): TextPlace {
  const before = text.slice(0, offset).split('\n');
  return { offset, line: before.length, column: before[before.length - 1].length + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SPACE = /[ \t\n\r]*/y;

class Unexpected extends Error {
  constructor(readonly offset: number) {
    super(`unexpected input at ${offset}`);
  }
}

export function readJson(text: string): JsonReading {
  const starts = new Map<string, number>();
  let at = 0;

  const skipSpace = () => {
    SPACE.lastIndex = at;
    SPACE.exec(text);
    at = SPACE.lastIndex;
  };
  const expect = (character: string) => {
    skipSpace();
    if (text[at] !== character) throw new Unexpected(at);
    at++;
  };
  const matchAt = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) return undefined;
    at = pattern.lastIndex;
    return match[0];
  };
  const string = (): string => {
    const quoted = matchAt(STRING);
    if (quoted !== undefined) return JSON.parse(quoted) as string;
    // Find the character that broke the string: a control character, a bad escape, or the end.
    let index = at + 1;
    while (index < text.length && text[index] !== '"') {
      if (text[index] < ' ') break;
      if (text[index] === '\\') {
        if (!/^\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(index, index + 6))) break;
      }
      index++;
    }
    throw new Unexpected(index);
  };

  const value = (path: string[]): unknown => {
    skipSpace();
    starts.set(path.join('.'), at);
    const first = text[at];
    if (first === '{') {
      at++;
      const object: Record<string, unknown> = {};
      skipSpace();
      if (text[at] === '}') return at++, object;
      for (;;) {
        skipSpace();
        if (text[at] !== '"') throw new Unexpected(at);
        const key = string();
        expect(':');
        object[key] = value([...path, key]);
        skipSpace();
        if (text[at] === '}') return at++, object;
        expect(',');
      }
    }
    if (first === '[') {
      at++;
      const array: unknown[] = [];
      skipSpace();
      if (text[at] === ']') return at++, array;
      for (;;) {
        array.push(value([...path, String(array.length)]));
        skipSpace();
        if (text[at] === ']') return at++, array;
        expect(',');
      }
    }
    if (first === '"') return string();
    for (const [word, meaning] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, at)) return (at += word.length), meaning;
    }
    const number = matchAt(NUMBER);
    if (number === undefined) throw new Unexpected(at);
    return Number(number);
  };

  try {
    const read = value([]);
    skipSpace();
    if (at < text.length) throw new Unexpected(at);
    return { ok: true, value: read, starts };
  } catch (failure) {
    if (!(failure instanceof Unexpected)) throw failure;
    return { ok: false, problem: { ...placeOf(text, failure.offset), found: text[failure.offset] } };
  }
}

/**
 * Where the value an API error names starts: its own path, or the nearest
 * enclosing value the text has (a missing field is reported at its object).
 */
export function startOfPath(starts: Map<string, number>, apiPath: string): number | undefined {
  const segments = documentPath(apiPath).split('.').filter(Boolean);
  for (let length = segments.length; length >= 0; length--) {
    const start = starts.get(segments.slice(0, length).join('.'));
    if (start !== undefined) return start;
  }
  return undefined;
}

/** The API names the document `body`; the editor shows paths inside the document. */
export const documentPath = (apiPath: string) => apiPath.replace(/^body\.?/, '');
