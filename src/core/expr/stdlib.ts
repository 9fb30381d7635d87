import { parse as parseYaml, type ScalarTag, type Tags } from 'yaml';
import { goJson, goYaml } from './go-format.js';
import { absPath, makePath, relPath } from './paths.js';
import { formatGoTime } from './go-time.js';
import { accessKey } from './operators.js';
import { quoteWord, splitWords } from './shell.js';
import {
  describe,
  isNone,
  isObject,
  NONE,
  reparsed,
  toBool,
  toInteger,
  toInt64,
  toNumber,
  toText,
  ValueError,
  type Plain,
} from './values.js';

/** What a function may need from the evaluator. */
export type CallContext = {
  /** Evaluates another expression with extra variables (map/filter's `_`, eval). */
  evaluate(expression: string, extra: Plain): unknown;
  /** The current time, for date(); absent while planning. */
  now?: Date;
  /** The step's working directory, when known: relpath()/abspath() resolve relative paths there. */
  workingDir?: string;
};

export type FunctionDef = {
  min: number;
  max: number;
  /** Impure functions (date) are never folded before the run. */
  impure?: boolean;
  call(args: unknown[], context: CallContext): unknown;
};

// None reads as an empty list; Go's nil does not.
function list(value: unknown, fn: string, what = '1st argument'): unknown[] {
  if (isNone(value)) return [];
  if (!Array.isArray(value))
    throw new ValueError(`${fn}() expects a list as ${what}, got ${describe(value)}`);
  return value;
}

function string(value: unknown, fn: string): string {
  if (typeof value !== 'string')
    throw new ValueError(`${fn}() expects a string, got ${describe(value)}`);
  return value;
}

function integer(value: unknown, fn: string): number {
  try {
    return toInteger(value);
  } catch {
    throw new ValueError(`${fn}() expects a number, got ${describe(value)}`);
  }
}

function number(value: unknown, fn: string): number {
  try {
    return toNumber(value);
  } catch {
    throw new ValueError(`${fn}() expects a number, got ${describe(value)}`);
  }
}

// Go's math.Round rounds halves away from zero; Math.round rounds them up.
const roundHalfAway = (n: number): number => Math.sign(n) * Math.round(Math.abs(n));

function fixed(
  min: number,
  max: number,
  call: (args: unknown[], ctx: CallContext) => unknown,
): FunctionDef {
  return { min, max, call };
}

const ANY = Number.POSITIVE_INFINITY;

// yaml.v3 (Testkube's parser) still reads YAML 1.1 octals (`0755` is 493) and `1_000`.
const intTag = (test: RegExp, resolve: (s: string) => number): ScalarTag => ({
  identify: (v: unknown) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test,
  resolve,
});
const YAML_V3_INTS = (tags: Tags): Tags => [
  intTag(/^[-+]?0[0-7]+$/, (s) => parseInt(s, 8)),
  intTag(/^[-+]?[0-9][0-9_]*$/, (s) => parseInt(s.replaceAll('_', ''), 10)),
  ...tags,
];

export const FUNCTIONS: Record<string, FunctionDef> = {
  string: fixed(0, ANY, (args) => args.map(toText).join('')),
  list: fixed(0, ANY, (args) => args),
  int: fixed(1, 1, ([v]) => toInt64(number(v, 'int'))),
  float: fixed(1, 1, ([v]) => number(v, 'float')),
  bool: fixed(1, 1, ([v]) => toBool(v)),
  join: fixed(1, 2, ([v, sep]) =>
    isNone(v)
      ? NONE
      : list(v, 'join')
          .map(toText)
          .join(sep === undefined ? ',' : toText(sep)),
  ),
  split: fixed(1, 2, ([v, sep]) => {
    const separator = sep === undefined ? ',' : toText(sep);
    return separator === '' ? Array.from(toText(v)) : toText(v).split(separator);
  }),
  trim: fixed(1, 1, ([v]) => string(v, 'trim').trim()),
  len: fixed(1, 1, ([v]) => {
    if (Array.isArray(v)) return BigInt(v.length);
    // Go's len() counts UTF-8 bytes, not characters.
    if (typeof v === 'string') return BigInt(new TextEncoder().encode(v).length);
    if (isObject(v)) return BigInt(Object.keys(v).length);
    throw new ValueError(`len() expects a string, a list or an object, got ${describe(v)}`);
  }),
  tojson: fixed(1, 1, ([v]) => goJson(v)),
  json: fixed(1, 1, ([v]) => {
    try {
      return JSON.parse(string(v, 'json')) as unknown;
    } catch (e) {
      if (e instanceof ValueError) throw e;
      throw new ValueError(`json() cannot parse ${describe(v)}: ${(e as Error).message}`);
    }
  }),
  toyaml: fixed(1, 1, ([v]) => goYaml(v)),
  yaml: fixed(1, 1, ([v]) => {
    try {
      return (parseYaml(string(v, 'yaml'), { customTags: YAML_V3_INTS }) as unknown) ?? null;
    } catch (e) {
      if (e instanceof ValueError) throw e;
      throw new ValueError(`yaml() cannot parse ${describe(v)}: ${(e as Error).message}`);
    }
  }),
  shellquote: fixed(0, ANY, (args) => args.map((a) => quoteWord(toText(a))).join(' ')),
  shellparse: fixed(1, 1, ([v]) => splitWords(toText(v))),
  floor: fixed(1, 1, ([v]) => toInt64(Math.floor(number(v, 'floor')))),
  ceil: fixed(1, 1, ([v]) => toInt64(Math.ceil(number(v, 'ceil')))),
  round: fixed(1, 1, ([v]) => toInt64(roundHalfAway(number(v, 'round')))),
  abs: fixed(1, 1, ([v]) => Math.abs(number(v, 'abs'))),
  min: fixed(1, ANY, (args) => Math.min(...args.map((a) => number(a, 'min')))),
  max: fixed(1, ANY, (args) => Math.max(...args.map((a) => number(a, 'max')))),
  range: fixed(1, 2, (args) => {
    const [start, end] =
      args.length === 1 ? [0, integer(args[0], 'range')] : args.map((a) => integer(a, 'range'));
    return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
  }),
  chunk: fixed(2, 2, ([v, size]) => {
    const items = list(v, 'chunk');
    const n = integer(size, 'chunk');
    if (n < 1) throw new ValueError(`chunk() expects a size of at least 1, got ${describe(size)}`);
    const chunks: unknown[][] = [];
    for (let i = 0; i < items.length; i += n) chunks.push(items.slice(i, i + n));
    return chunks;
  }),
  at: fixed(2, 2, ([v, key]) => accessKey(v, key)),
  entries: fixed(1, 1, ([v]) => {
    if (isNone(v)) return [];
    if (!isObject(v)) throw new ValueError(`entries() expects an object, got ${describe(v)}`);
    return Object.entries(v).map(([key, value]) => ({ key, value }));
  }),
  // Testkube prints each result as an expression and reads the list back.
  map: fixed(2, 2, ([v, expression], ctx) =>
    list(v, 'map').map((value, index) =>
      reparsed(ctx.evaluate(toText(expression), { _: { value, index, key: index } })),
    ),
  ),
  filter: fixed(2, 2, ([v, expression], ctx) =>
    list(v, 'filter').filter((value, index) =>
      toBool(ctx.evaluate(toText(expression), { _: { value, index, key: index } })),
    ),
  ),
  makepath: fixed(2, 2, ([parent, path]) => makePath(toText(parent), toText(path))),
  relpath: fixed(1, 2, ([path, base], ctx) =>
    relPath(toText(path), base === undefined ? undefined : toText(base), ctx.workingDir),
  ),
  abspath: fixed(1, 2, ([path, base], ctx) =>
    absPath(toText(path), base === undefined ? undefined : toText(base), ctx.workingDir),
  ),
  eval: fixed(1, 1, ([v], ctx) => ctx.evaluate(toText(v), {})),
  // Evaluated lazily by the evaluator itself (it skips unknown names); listed for the checks.
  any: fixed(0, ANY, () => {
    throw new ValueError('any() is evaluated by the evaluator');
  }),
  date: {
    min: 0,
    max: 1,
    impure: true,
    call: ([layout], ctx) => {
      if (!ctx.now) throw new ValueError('date() is only known at run time');
      // Testkube's default layout is RFC 3339 with milliseconds, which toISOString() gives.
      return layout === undefined ? ctx.now.toISOString() : formatGoTime(ctx.now, toText(layout));
    },
  },
};

export function arityText(def: FunctionDef): string {
  if (def.min === def.max) return `${def.min} argument${def.min === 1 ? '' : 's'}`;
  if (def.max === ANY) return `at least ${def.min} argument${def.min === 1 ? '' : 's'}`;
  return `${def.min}-${def.max} arguments`;
}
