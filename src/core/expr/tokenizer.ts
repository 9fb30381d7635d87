import { ExpressionError } from './errors.js';

/**
 * `member` is whatever follows a `.`: a name, an index like `0` (`services.db.0.ip`) or the
 * wildcard `*`. Reading it in its own mode keeps `db.0.1` from being read as the number `0.1`.
 */
export type TokenType = 'number' | 'string' | 'json' | 'name' | 'member' | 'operator' | 'punct';

export type Token = {
  type: TokenType;
  /** Normalised text: `=` becomes `==`, `<>` becomes `!=`. */
  text: string;
  /** Decoded value of number, string and json (list or object literal) tokens. */
  value?: unknown;
  start: number;
  end: number;
};

export type Tokens = {
  tokens: Token[];
  /** Where tokenizing stopped: the end of the source, or the `}}` closing a template expression. */
  end: number;
  /** In template mode: whether the closing `}}` was found. */
  closed: boolean;
};

const OPERATORS = [
  '**',
  '==',
  '!=',
  '<>',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
];
const ALIASES: Record<string, string> = { '=': '==', '<>': '!=' };
const PUNCTUATION = ['...', '(', ')', ',', ':', '?', '.'];
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const MEMBER = /[A-Za-z0-9_]+|\*/y;
// A JSON number, as Testkube decodes it: `0755` is the two numbers 0 and 755.
const NUMBER = /(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SPACE = /\s+/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function matchAt(re: RegExp, source: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(source)?.[0];
}

/** Reads a quoted string starting at `start`; single and double quotes, JSON escapes. */
function readString(source: string, start: number): Token {
  const quote = source[start];
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === quote)
      return { type: 'string', text: source.slice(start, i + 1), value, start, end: i + 1 };
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = source[i + 1];
    if (e === 'u') {
      const hex = source.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new ExpressionError(`invalid unicode escape '\\u${hex}' in string`, source, i);
      }
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
    } else if (e !== undefined && e in ESCAPES) {
      value += ESCAPES[e];
      i += 2;
    } else {
      const shown = e === undefined ? '' : e;
      throw new ExpressionError(`invalid escape '\\${shown}' in string`, source, i);
    }
  }
  throw new ExpressionError(`unterminated string (missing closing ${quote})`, source, start);
}

/**
 * A list or object literal. Testkube's tokenizer reads it as one JSON value, so what is inside
 * must be plain JSON: `[1, "a", {"b": null}]`, not `[1, x]` or `{key: 1}` (build lists with
 * list()). A null inside is Go's nil, as JSON decodes it.
 */
function readJson(source: string, start: number): Token {
  let depth = 0;
  let i = start;
  for (; i < source.length; i++) {
    const c = source[i];
    if (c === '"') {
      for (i++; i < source.length && source[i] !== '"'; i++) if (source[i] === '\\') i++;
    } else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && --depth === 0) break;
  }
  const what = source[start] === '[' ? 'list' : 'object';
  if (i >= source.length) throw new ExpressionError(`unterminated ${what} literal`, source, start);
  const text = source.slice(start, i + 1);
  let value: unknown;
  try {
    value = JSON.parse(text, (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('a number is out of range');
      return v;
    });
  } catch (e) {
    throw new ExpressionError(
      `${what === 'list' ? 'a list' : 'an object'} literal must be plain JSON, as Testkube reads it (no variables, calls, operators, single quotes or unquoted keys inside; build a list with list(...)): ${(e as Error).message}`,
      source,
      start,
    );
  }
  return { type: 'json', text, value, start, end: i + 1 };
}

/**
 * Splits `source` into tokens from `from` on. In template mode it stops at the first `}}` that
 * is not inside a string or a list or object literal, so `{{ "}}" }}` and `{{ {"a": {"b": 1}} }}`
 * work.
 */
export function tokenize(source: string, from = 0, template = false): Tokens {
  const tokens: Token[] = [];
  let i = from;
  while (i < source.length) {
    const space = matchAt(SPACE, source, i);
    if (space) {
      i += space.length;
      continue;
    }
    if (template && source.startsWith('}}', i)) return { tokens, end: i, closed: true };
    const token = readToken(source, i, tokens[tokens.length - 1]);
    tokens.push(token);
    i = token.end;
  }
  return { tokens, end: i, closed: !template };
}

function readToken(source: string, i: number, previous: Token | undefined): Token {
  const c = source[i];
  if (previous?.type === 'punct' && previous.text === '.') {
    const member = matchAt(MEMBER, source, i);
    if (member) return { type: 'member', text: member, start: i, end: i + member.length };
    throw new ExpressionError(`expected a property name after '.', found '${c}'`, source, i);
  }
  if (c === '"' || c === "'") return readString(source, i);
  if (c === '[' || c === '{') return readJson(source, i);
  const number = matchAt(NUMBER, source, i);
  if (number) {
    if (!Number.isFinite(Number(number)))
      throw new ExpressionError(`the number ${number} is out of range`, source, i);
    return {
      type: 'number',
      text: number,
      value: Number(number),
      start: i,
      end: i + number.length,
    };
  }
  const name = matchAt(NAME, source, i);
  if (name) return { type: 'name', text: name, start: i, end: i + name.length };
  for (const p of PUNCTUATION) {
    if (source.startsWith(p, i)) return { type: 'punct', text: p, start: i, end: i + p.length };
  }
  for (const op of OPERATORS) {
    if (source.startsWith(op, i)) {
      return { type: 'operator', text: ALIASES[op] ?? op, start: i, end: i + op.length };
    }
  }
  const hint = c === '&' ? " (did you mean '&&'?)" : c === '|' ? " (did you mean '||'?)" : '';
  throw new ExpressionError(`unexpected character '${c}'${hint}`, source, i);
}
