import type { CallArgument, Node, NodeOf } from './ast.js';
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
import { KNOWN_ROOTS } from './variables.js';
import {
  fromVariable,
  isNone,
  NONE,
  toBool,
  toNumber,
  typeName,
  ValueError,
  type Plain,
} from './values.js';

/** The outcome of (partially) evaluating a node: a value, or a simplified node to keep. */
export type Reduced = { known: true; value: unknown } | { known: false; node: Node };

export type Scope = {
  /** The text the nodes were parsed from (a whole template for template parts). */
  source: string;
  vars: Plain;
  /** Root names that stay symbolic (values only known at run time). */
  deferred: ReadonlySet<string>;
  /** Every name outside `vars` stays symbolic too (else it is an unknown variable). */
  deferUnknown?: boolean;
  /** The first of Testkube's two passes, before any variable is known. */
  compiling?: boolean;
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

/**
 * Testkube's two passes: compiling an expression folds what needs no variable (so an error in a
 * branch that is never taken still fails it, and any() takes a constant argument over a
 * variable), then the rest is resolved with the variables.
 */
export function reduceCompiled(node: Node, scope: Scope): Reduced {
  const compiled = reduce(node, { ...scope, vars: {}, deferUnknown: true, compiling: true });
  return compiled.known ? compiled : reduce(compiled.node, scope);
}

export function reduce(node: Node, scope: Scope): Reduced {
  switch (node.kind) {
    case 'literal':
      return known(node.value);
    case 'identifier':
      if (scope.deferred.has(node.name)) return { known: false, node };
      if (Object.hasOwn(scope.vars, node.name))
        return known(fromVariable(scope.vars[node.name] ?? null));
      if (scope.deferUnknown) return { known: false, node };
      throw unknownVariable(node.name, scope.source, node.start);
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

/**
 * Testkube registers these as names with a prefix (`config.x`), so an unknown key is an unknown
 * variable there (kept an error: a typo must not become an empty value), while a missing key of
 * an object is None. env variables read as empty.
 */
const STRICT_ROOTS = new Set([...KNOWN_ROOTS, '_'].filter((root) => root !== 'env'));
const rootOf = (node: Node): { name: string; start: number } | undefined =>
  node.kind === 'identifier' && STRICT_ROOTS.has(node.name) ? node : undefined;

function reduceAccess(node: NodeOf<'access'>, scope: Scope): Reduced {
  const object = reduce(node.object, scope);
  if (!object.known) return { known: false, node: { ...node, object: object.node } };
  return known(applySteps(object.value, node.steps, scope.source, rootOf(node.object)));
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
  if (isNone(value)) return [];
  if (!Array.isArray(value)) throw new ValueError(`'...' needs a list, not ${typeName(value)}`);
  return value;
}

function nested(text: string, extra: Plain, scope: Scope): unknown {
  try {
    const result = reduce(parseExpression(text), {
      ...scope,
      source: text,
      vars: { ...scope.vars, ...extra },
      // Once the variables are known, a name the nested expression cannot read is a mistake.
      deferUnknown: scope.compiling,
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
 * Testkube's fallback `any(a, b, …)`: every argument is evaluated (an error in one fails it), then
 * the first that has a value wins, skipping those still unknown and those naming unknown
 * variables or functions (`any(config.optional, "default")`). A spread list gives its first item.
 * With none known but some unknown the call stays; with nothing at all it is None.
 */
function reduceAny(node: NodeOf<'call'>, scope: Scope): Reduced {
  const kept: CallArgument[] = [];
  let found: { value: unknown } | undefined;
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
    found ??= candidates.length > 0 ? { value: candidates[0] } : undefined;
  }
  if (found) return known(found.value);
  return kept.length === 0 ? known(NONE) : { known: false, node: { ...node, args: kept } };
}
