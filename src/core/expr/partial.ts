import type { AccessStep, Node, NodeOf } from './ast.js';
import { ExpressionError } from './errors.js';
import { accessKey, applyBinary, wildcardItems } from './operators.js';
import { parseExpression } from './parser.js';
import { arityText, FUNCTIONS, UNSUPPORTED } from './stdlib.js';
import { toBool, toNumber, typeName, ValueError, type Plain } from './values.js';

/** The outcome of (partially) evaluating a node: a value, or a simplified node to keep. */
export type Reduced = { known: true; value: unknown } | { known: false; node: Node };

export type Scope = {
  /** The text the nodes were parsed from (a whole template for template parts). */
  source: string;
  vars: Plain;
  /** Root names that stay symbolic (values only known at run time). */
  deferred: ReadonlySet<string>;
  /** 'partial' keeps impure calls (date) for later; 'full' runs them. */
  mode: 'partial' | 'full';
  now?: Date;
};

// Contextual variables Testkube documents as booleans; they let `passed && false` fold to false.
const BOOLEAN_ROOTS = new Set(['passed', 'failed', 'always', 'never']);
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

const known = (value: unknown): Reduced => ({ known: true, value });
const literal = (r: Reduced, start: number): Node =>
  r.known ? { kind: 'literal', value: r.value, start } : r.node;

/** Signals that a nested expression (map/filter/eval) needs a deferred value. */
class Unresolved extends Error {}

export function reduce(node: Node, scope: Scope): Reduced {
  switch (node.kind) {
    case 'literal':
      return known(node.value);
    case 'identifier':
      if (scope.deferred.has(node.name)) return { known: false, node };
      if (Object.hasOwn(scope.vars, node.name)) return known(scope.vars[node.name] ?? null);
      throw new ExpressionError(`unknown variable '${node.name}'`, scope.source, node.start);
    case 'list': {
      const items = node.items.map((item) => reduce(item, scope));
      if (items.every((i) => i.known)) return known(items.map((i) => (i.known ? i.value : null)));
      return {
        known: false,
        node: { ...node, items: items.map((r, i) => literal(r, node.items[i].start)) },
      };
    }
    case 'object': {
      const values = node.entries.map((e) => reduce(e.value, scope));
      if (values.every((v) => v.known)) {
        return known(
          Object.fromEntries(
            node.entries.map((e, i) => [e.key, (values[i] as { value: unknown }).value]),
          ),
        );
      }
      const entries = node.entries.map((e, i) => ({
        key: e.key,
        value: literal(values[i], e.value.start),
      }));
      return { known: false, node: { ...node, entries } };
    }
    case 'access':
      return reduceAccess(node, scope);
    case 'unary': {
      const operand = reduce(node.operand, scope);
      if (!operand.known) return { known: false, node: { ...node, operand: operand.node } };
      if (node.operator === '!') return known(!toBool(operand.value));
      return known(guard(scope, node.start, () => -toNumber(operand.value)));
    }
    case 'binary':
      return reduceBinary(node, scope);
    case 'conditional': {
      const test = reduce(node.test, scope);
      if (test.known) return reduce(toBool(test.value) ? node.consequent : node.alternate, scope);
      const consequent = literal(reduce(node.consequent, scope), node.consequent.start);
      const alternate = literal(reduce(node.alternate, scope), node.alternate.start);
      return { known: false, node: { ...node, test: test.node, consequent, alternate } };
    }
    case 'call':
      return reduceCall(node, scope);
  }
}

/** Runs `fn`, turning value errors into expression errors at `offset`. */
function guard<T>(scope: Scope, offset: number, fn: () => T, prefix = ''): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValueError) {
      const message =
        prefix && !e.message.startsWith(prefix) ? `${prefix}: ${e.message}` : e.message;
      throw new ExpressionError(message, scope.source, offset);
    }
    throw e;
  }
}

function reduceAccess(node: NodeOf<'access'>, scope: Scope): Reduced {
  const object = reduce(node.object, scope);
  const steps: AccessStep[] = [];
  const indexes: Reduced[] = [];
  for (const step of node.steps) {
    if (step.type !== 'index') {
      steps.push(step);
      indexes.push(known(null));
      continue;
    }
    const index = reduce(step.index, scope);
    indexes.push(index);
    steps.push({ ...step, index: literal(index, step.index.start) });
  }
  if (!object.known) return { known: false, node: { ...node, object: object.node, steps } };
  const firstUnknown = indexes.findIndex((i) => !i.known);
  if (firstUnknown < 0) return known(applySteps(object.value, steps, 0, scope));
  // Fold what is known up to the first run-time index, keep the rest of the chain.
  const prefix = steps.slice(0, firstUnknown);
  const wildcard = prefix.findIndex((s) => s.type === 'wildcard');
  const cut = wildcard < 0 ? firstUnknown : wildcard;
  const value = applySteps(object.value, steps.slice(0, cut), 0, scope);
  const base: Node = { kind: 'literal', value, start: node.start };
  return { known: false, node: { ...node, object: base, steps: steps.slice(cut) } };
}

function applySteps(value: unknown, steps: AccessStep[], from: number, scope: Scope): unknown {
  let current = value;
  for (let i = from; i < steps.length; i++) {
    const step = steps[i];
    if (step.type === 'wildcard') {
      const items = guard(scope, step.start, () => wildcardItems(current));
      return items.map((item) => applySteps(item, steps, i + 1, scope));
    }
    const key = step.type === 'property' ? step.name : (step.index as NodeOf<'literal'>).value;
    current = guard(scope, step.start, () => accessKey(current, key));
  }
  return current;
}

function isBoolean(node: Node): boolean {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'boolean';
    case 'identifier':
      return BOOLEAN_ROOTS.has(node.name);
    case 'unary':
      return node.operator === '!';
    case 'binary':
      if (COMPARISONS.has(node.operator)) return true;
      return (
        (node.operator === '&&' || node.operator === '||') &&
        isBoolean(node.left) &&
        isBoolean(node.right)
      );
    case 'conditional':
      return isBoolean(node.consequent) && isBoolean(node.alternate);
    case 'call':
      return node.name === 'bool';
    default:
      return false;
  }
}

function reduceBinary(node: NodeOf<'binary'>, scope: Scope): Reduced {
  const left = reduce(node.left, scope);
  const logical = node.operator === '&&' || node.operator === '||';
  if (logical && left.known) {
    // Testkube semantics: `&&` yields the first falsy operand or the last, `||` the first truthy.
    const decided = toBool(left.value) === (node.operator === '||');
    return decided ? left : reduce(node.right, scope);
  }
  const right = reduce(node.right, scope);
  if (left.known && right.known) {
    const { value: a } = left;
    const { value: b } = right;
    return known(guard(scope, node.operatorStart, () => applyBinary(node.operator, a, b)));
  }
  if (
    logical &&
    !left.known &&
    right.known &&
    typeof right.value === 'boolean' &&
    isBoolean(left.node)
  ) {
    // `x && true` is x and `x && false` is false for a boolean x (dually for `||`).
    const absorbing = node.operator === '||';
    return right.value === absorbing ? right : left;
  }
  return {
    known: false,
    node: {
      ...node,
      left: literal(left, node.left.start),
      right: literal(right, node.right.start),
    },
  };
}

function reduceCall(node: NodeOf<'call'>, scope: Scope): Reduced {
  const def = FUNCTIONS[node.name];
  if (!def) throw unknownFunction(node.name, scope.source, node.start);
  const args = node.args.map((a) => reduce(a.value, scope));
  const keep = (): Reduced => ({
    known: false,
    node: {
      ...node,
      args: node.args.map((a, i) => ({ ...a, value: literal(args[i], a.value.start) })),
    },
  });
  if (!args.every((a) => a.known) || (def.impure && scope.mode === 'partial' && !scope.now))
    return keep();
  const prefix = `${node.name}()`;
  const values = guard(scope, node.start, () => spread(node, args), prefix);
  if (values.length < def.min || values.length > def.max) {
    const message = `${prefix} expects ${arityText(def)}, got ${values.length}`;
    throw new ExpressionError(message, scope.source, node.start);
  }
  const context = {
    now: scope.now,
    evaluate: (text: string, extra: Plain) => nested(text, extra, scope),
  };
  try {
    return known(guard(scope, node.start, () => def.call(values, context), prefix));
  } catch (e) {
    if (e instanceof Unresolved) return keep();
    throw e;
  }
}

function spread(node: NodeOf<'call'>, args: Reduced[]): unknown[] {
  return node.args.flatMap((a, i) => {
    const value = (args[i] as { value: unknown }).value;
    if (!a.spread) return [value];
    if (value === null) return [];
    if (!Array.isArray(value)) throw new ValueError(`'...' needs a list, not ${typeName(value)}`);
    return value;
  });
}

function nested(text: string, extra: Plain, scope: Scope): unknown {
  try {
    const result = reduce(parseExpression(text), {
      ...scope,
      source: text,
      vars: { ...scope.vars, ...extra },
    });
    if (!result.known) throw new Unresolved();
    return result.value;
  } catch (e) {
    if (e instanceof ExpressionError)
      throw new ValueError(`in ${JSON.stringify(text)}: ${e.message}`);
    throw e;
  }
}

export function unknownFunction(name: string, source: string, offset: number): ExpressionError {
  const reason = UNSUPPORTED[name];
  const message = reason
    ? `function '${name}' is not supported by Shakedown: ${reason}`
    : `unknown function '${name}'`;
  return new ExpressionError(message, source, offset);
}
