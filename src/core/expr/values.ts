import { goJson, goNumber } from './go-format.js';

/**
 * Value conversions with Testkube's loose typing: every value has a text form, numbers are read
 * from text, and truthiness treats "", "0", "false", "off", None, [] and {} as false.
 *
 * Testkube has two nulls, and so does this model. `NONE` is its None: the `null` literal, a
 * missing key, any() of nothing; it prints '', is false, reads as 0 and marshals as `{}`. A
 * JavaScript `null` is Go's nil, a null of the data (a variable, `obj.z`, `json("null")`, null
 * inside a JSON literal); as Go's fmt and encoding/json see it, it prints 'null', is true and is
 * not a number.
 */

/** Thrown by conversions and operators; the evaluator adds the expression and the offset. */
export class ValueError extends Error {}

export type Plain = Record<string, unknown>;

export const NONE: unique symbol = Symbol('none');
export type None = typeof NONE;
/** `undefined` (nothing there at all) counts as None too. */
export const isNone = (value: unknown): value is None | undefined =>
  value === NONE || value === undefined;

export function isObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Testkube's second number type, Go's int64: what int(), floor(), ceil(), round() and len()
 * return and what an integral variable holds. It prints without an exponent (`1000000`, not
 * `1e+06`). A bigint, so it cannot be mistaken for a float64 (a JavaScript number); arithmetic
 * reads both as float64, as Testkube's operators do.
 */
export type Int64 = bigint;

export const isInt64 = (value: unknown): value is Int64 => typeof value === 'bigint';

const MIN_INT64 = -(2n ** 63n);

/**
 * Go's int64(float64) truncates toward zero; out of range (or NaN) it gives the minimum int64 on
 * the machines Testkube runs on, so `int(1e19)` is -9223372036854775808.
 */
export function toInt64(value: number): Int64 {
  const truncated = Math.trunc(value);
  if (!(truncated >= -(2 ** 63) && truncated < 2 ** 63)) return MIN_INT64;
  return BigInt(truncated);
}

/** An integral number read from the variables is an int64, as Testkube decodes it. */
export const fromVariable = (value: unknown): unknown =>
  typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;

/**
 * The value with every int64 as a plain number and None as null, for callers outside the
 * expression language.
 */
export function toPlain(value: unknown): unknown {
  if (isNone(value)) return null;
  if (isInt64(value)) return Number(value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}

/**
 * What a value becomes when Testkube prints it as an expression and reads it back, as its map()
 * and `.*` do with every result: int64s turn into float64s, and a nil or None on its own into None.
 */
export function reparsed(value: unknown): unknown {
  if (value === null || isNone(value)) return NONE;
  if (isInt64(value) || Array.isArray(value) || isObject(value))
    return JSON.parse(goJson(value)) as unknown;
  return value;
}

/** Numbers print as Testkube (Go) prints a float64: `1e+06`, `1.5e-05`, `0.5`. */
export function formatNumber(value: number): string {
  return goNumber(value);
}

/** How a value reads as text: `{{ }}` output, `+` with a string, `==`. Lists join with ','. */
export function toText(value: unknown): string {
  if (isNone(value)) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (isInt64(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(toText).join(',');
  return goJson(value);
}

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (isInt64(value)) return Number(value);
  if (isNone(value)) return 0;
  const text = toText(value);
  if (!NUMERIC.test(text)) throw new ValueError(`${describe(value)} is not a number`);
  return Number(text);
}

/** Integers truncate toward zero, as Testkube's int() does. */
export function toInteger(value: unknown): number {
  return Math.trunc(toNumber(value));
}

export function toBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (isNone(value)) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  const text = toText(value);
  return !(text === '' || text === 'false' || text === '0' || text === 'off');
}

export function typeName(value: unknown): string {
  if (value === null || isNone(value)) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isObject(value)) return 'object';
  if (isInt64(value)) return 'number';
  return typeof value;
}

/** Short rendering of a value for error messages. */
export function describe(value: unknown): string {
  const text = isNone(value) ? 'null' : goJson(value);
  return text.length > 40 ? `${typeName(value)} ${text.slice(0, 37)}...` : text;
}

/** Guards against results JSON and the printer cannot represent (1/0 is refused earlier). */
export function finite(value: number): number {
  if (!Number.isFinite(value)) throw new ValueError('the result is not a finite number');
  return value;
}
