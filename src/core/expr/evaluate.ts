import type { Node } from './ast.js';
import { ExpressionError, unknownVariable } from './errors.js';
import { reduceCompiled } from './partial.js';
import { parseExpression } from './parser.js';
import { toPlain, type Plain } from './values.js';

export type Vars = Record<string, unknown>;

export type EvaluateOptions = {
  /** The current time for date(); without it date() is an error. */
  now?: Date;
  /** glob() bound to a listing of the runner's container; without it glob() is refused. */
  glob?: (patterns: string[]) => string[];
  /** The step's working directory, where relpath()/abspath() resolve relative paths (Testkube: the process's). */
  workingDir?: string;
};

const NOTHING_DEFERRED: ReadonlySet<string> = new Set();

/** Evaluates a parsed node with every variable known; `source` is the text it was parsed from. */
export function evaluateNode(
  node: Node,
  source: string,
  vars: Plain,
  options: EvaluateOptions = {},
): unknown {
  // As in Testkube, an unknown name is only an error if the result needs it (`bool(x) && false`).
  const result = reduceCompiled(node, {
    source,
    vars,
    deferred: NOTHING_DEFERRED,
    deferUnknown: true,
    mode: 'full',
    now: options.now,
    ...(options.glob && { glob: options.glob }),
    ...(options.workingDir !== undefined && { workingDir: options.workingDir }),
  });
  if (result.known) return result.value;
  const unknown = firstIdentifier(result.node);
  if (unknown) throw unknownVariable(unknown.name, source, unknown.start);
  throw new ExpressionError('expression could not be fully evaluated', source, node.start);
}

function firstIdentifier(node: Node): { name: string; start: number } | undefined {
  switch (node.kind) {
    case 'identifier':
      return node;
    case 'access':
      return firstIdentifier(node.object);
    case 'unary':
      return firstIdentifier(node.operand);
    case 'binary':
      return firstIdentifier(node.left) ?? firstIdentifier(node.right);
    case 'conditional':
      return (
        firstIdentifier(node.test) ??
        firstIdentifier(node.consequent) ??
        firstIdentifier(node.alternate)
      );
    case 'call':
      for (const arg of node.args) {
        const found = firstIdentifier(arg.value);
        if (found) return found;
      }
      return undefined;
    case 'literal':
      return undefined;
  }
}

/**
 * Full evaluation: every variable must be known (an unknown root is an ExpressionError naming it).
 * The value keeps Testkube's int64 results as bigints (see values.ts); `evaluate` gives plain numbers.
 */
export function evaluateTyped(
  expression: string,
  vars: Vars,
  options: EvaluateOptions = {},
): unknown {
  return evaluateNode(parseExpression(expression), expression, vars, options);
}

export function evaluate(expression: string, vars: Vars, options: EvaluateOptions = {}): unknown {
  return toPlain(evaluateTyped(expression, vars, options));
}
