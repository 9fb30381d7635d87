import type { BinaryOperator } from './ast.js';
import {
  finite,
  isNone,
  isObject,
  NONE,
  toBool,
  toInteger,
  toNumber,
  toText,
  typeName,
  ValueError,
} from './values.js';

/**
 * Binary operators other than `&&`/`||` (those short-circuit in the evaluator). Semantics follow
 * Testkube: `==` compares text forms (`1 == "1"`), ordering compares numbers, `+` concatenates
 * when either side is a string and adds numbers otherwise.
 */
export function applyBinary(operator: BinaryOperator, left: unknown, right: unknown): unknown {
  switch (operator) {
    case '==':
      return toText(left) === toText(right);
    case '!=':
      return toText(left) !== toText(right);
    case '<':
      return toNumber(left) < toNumber(right);
    case '<=':
      return toNumber(left) <= toNumber(right);
    case '>':
      return toNumber(left) > toNumber(right);
    case '>=':
      return toNumber(left) >= toNumber(right);
    case '+':
      if (typeof left === 'string' || typeof right === 'string')
        return toText(left) + toText(right);
      return finite(toNumber(left) + toNumber(right));
    case '-':
      return finite(toNumber(left) - toNumber(right));
    case '*':
      return finite(toNumber(left) * toNumber(right));
    case '/': {
      const divisor = toNumber(right);
      if (divisor === 0) throw new ValueError('division by zero');
      return finite(toNumber(left) / divisor);
    }
    case '%': {
      const divisor = toNumber(right);
      if (divisor === 0) throw new ValueError('modulo by zero');
      return finite(toNumber(left) % divisor);
    }
    case '**':
      return finite(toNumber(left) ** toNumber(right));
    case '&&':
      return toBool(left) ? right : left;
    case '||':
      return toBool(left) ? left : right;
  }
}

/**
 * `value.key` and at(): list items by integer index (out of range is an error), object keys (a
 * missing key is None), string characters. Own properties only.
 */
export function accessKey(value: unknown, key: unknown): unknown {
  if (Array.isArray(value)) return itemAt(value, key, 'list', 'item');
  if (isObject(value)) {
    const name = toText(key);
    return Object.hasOwn(value, name) ? (value[name] ?? null) : NONE;
  }
  if (typeof value === 'string') return itemAt(Array.from(value), key, 'string', 'character');
  throw new ValueError(`cannot read '${toText(key)}' of ${typeName(value)}`);
}

function itemAt(items: readonly unknown[], key: unknown, what: string, unit: string): unknown {
  const index = toIndex(key);
  if (index < 0 || index >= items.length) {
    throw new ValueError(
      `index ${index} is out of range (the ${what} has ${plural(items.length, unit)})`,
    );
  }
  return items[index];
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function toIndex(key: unknown): number {
  try {
    return toInteger(key);
  } catch {
    throw new ValueError(`a list index must be a number, not '${toText(key)}'`);
  }
}

/** Elements a `.*` wildcard maps over: list items; None has none. Testkube refuses objects. */
export function wildcardItems(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isNone(value)) return [];
  throw new ValueError(`'.*' needs a list, not ${typeName(value)}`);
}
