import type { AccessStep, CallArgument, Node, NodeOf } from './ast.js';
import {
  ExpressionError,
  guard,
  UnknownNameError,
  unknownFunction,
  unknownVariable,
} from './errors.js';
import type { EvaluateOptions } from './evaluate.js';
import { isBoolean } from './static-type.js';
import { applySteps } from './access.js';
import { applyBinary } from './operators.js';
import { parseExpression } from './parser.js';
import { arityText, FUNCTIONS } from './stdlib.js';
import { fromVariable, toBool, toNumber, typeName, ValueError, type Plain } from './values.js';

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
  /** Binds glob() to files listed in the runner's container (only while expanding parallel workers at run time). */
  glob?: (patterns: string[]) => string[];
  /** The step's working directory, for relpath()/abspath() of relative paths. */
  workingDir?: string;
};

export function partialScope(
  source: string,
  vars: Plain,
  deferred: readonly string[],
  options: EvaluateOptions = {},
): Scope {
  return {
    source,
    vars,
    deferred: new Set(deferred),
    mode: 'partial',
    now: options.now,
    ...(options.glob && { glob: options.glob }),
    ...(options.workingDir !== undefined && { workingDir: options.workingDir }),
  };
}

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
      if (Object.hasOwn(scope.vars, node.name))
        return known(fromVariable(scope.vars[node.name] ?? null));
      throw unknownVariable(node.name, scope.source, node.start);
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
      return known(guard(scope.source, node.start, () => -toNumber(operand.value)));
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

// Testkube reports `config.typo` as undefined rather than null; env variables read as empty.
const rootOf = (node: Node): { name: string; start: number } | undefined =>
  node.kind === 'identifier' && node.name !== 'env' ? node : undefined;

function reduceAccess(node: NodeOf<'access'>, scope: Scope): Reduced {
  const object = reduce(node.object, scope);
  const root = rootOf(node.object);
  let value = object.known ? object.value : null;
  let done = 0; // steps folded into `value`
  let blocked = !object.known; // an unknown object or index stops the folding
  let wildcard = -1;
  const steps: AccessStep[] = [];
  for (const [i, step] of node.steps.entries()) {
    let stepKnown = true;
    if (step.type === 'index') {
      const index = reduce(step.index, scope);
      stepKnown = index.known;
      steps.push({ ...step, index: literal(index, step.index.start) });
    } else {
      steps.push(step);
    }
    blocked ||= !stepKnown;
    if (blocked) continue;
    if (step.type === 'wildcard' && wildcard < 0) wildcard = i;
    // Steps apply left to right as soon as known, like at run time; a wildcard maps the rest of
    // the chain over the items, so it waits until that rest is known.
    if (wildcard < 0) {
      value = applySteps(value, [steps[i]], scope.source, i === 0 ? root : undefined);
      done = i + 1;
    }
  }
  if (!blocked && wildcard >= 0) {
    value = applySteps(
      value,
      steps.slice(wildcard),
      scope.source,
      wildcard === 0 ? root : undefined,
    );
    done = steps.length;
  }
  if (!object.known) return { known: false, node: { ...node, object: object.node, steps } };
  if (done === steps.length) return known(value);
  const base: Node = { kind: 'literal', value, start: node.start };
  return { known: false, node: { ...node, object: base, steps: steps.slice(done) } };
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
    return known(guard(scope.source, node.operatorStart, () => applyBinary(node.operator, a, b)));
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
  if (node.name === 'glob' && scope.glob) return reduceGlob(node, scope, scope.glob);
  const def = FUNCTIONS[node.name];
  if (!def) throw unknownFunction(node.name, scope.source, node.start);
  if (node.name === 'any') return reduceAny(node, scope);
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
  const values = guard(scope.source, node.start, () => spread(node, args), prefix);
  if (values.length < def.min || values.length > def.max) {
    const message = `${prefix} expects ${arityText(def)}, got ${values.length}`;
    throw new ExpressionError(message, scope.source, node.start);
  }
  const context = {
    now: scope.now,
    workingDir: scope.workingDir,
    evaluate: (text: string, extra: Plain) => nested(text, extra, scope),
  };
  try {
    return known(guard(scope.source, node.start, () => def.call(values, context), prefix));
  } catch (e) {
    if (e instanceof Unresolved) return keep();
    throw e;
  }
}

function reduceGlob(
  node: NodeOf<'call'>,
  scope: Scope,
  glob: (patterns: string[]) => string[],
): Reduced {
  const args = node.args.map((a) => reduce(a.value, scope));
  if (!args.every((a) => a.known))
    throw new ExpressionError(
      'glob() patterns must be known when the workers are expanded',
      scope.source,
      node.start,
    );
  const values = guard(scope.source, node.start, () => spread(node, args), 'glob()');
  const patterns = values.map((v) => {
    if (typeof v !== 'string')
      throw new ExpressionError(
        `glob() expects string patterns, got ${typeName(v)}`,
        scope.source,
        node.start,
      );
    return v;
  });
  return known(guard(scope.source, node.start, () => glob(patterns), 'glob()'));
}

function spread(node: NodeOf<'call'>, args: Reduced[]): unknown[] {
  return node.args.flatMap((a, i) => {
    const value = (args[i] as { value: unknown }).value;
    return a.spread ? spreadItems(value) : [value];
  });
}

function spreadItems(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new ValueError(`'...' needs a list, not ${typeName(value)}`);
  return value;
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

/**
 * Testkube's fallback `any(a, b, …)`: the first argument that has a value, skipping arguments
 * that name unknown variables or functions (`any(config.optional, "default")`). A spread list
 * contributes its first item. A run-time argument before the first known one keeps the call.
 */
function reduceAny(node: NodeOf<'call'>, scope: Scope): Reduced {
  const kept: CallArgument[] = [];
  for (const arg of node.args) {
    let result: Reduced;
    try {
      result = reduce(arg.value, scope);
    } catch (e) {
      if (e instanceof UnknownNameError) continue;
      throw e;
    }
    if (!result.known) {
      kept.push({ ...arg, value: result.node });
      continue;
    }
    const { value } = result;
    const candidates = arg.spread
      ? guard(scope.source, arg.value.start, () => spreadItems(value), 'any()')
      : [value];
    if (candidates.length === 0) continue;
    if (kept.length === 0) return known(candidates[0]);
    kept.push({
      spread: false,
      value: { kind: 'literal', value: candidates[0], start: arg.value.start },
    });
    break;
  }
  return kept.length === 0 ? known(null) : { known: false, node: { ...node, args: kept } };
}
