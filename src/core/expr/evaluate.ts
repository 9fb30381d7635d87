import type { Node } from './ast.js';
import { ExpressionError } from './errors.js';
import { reduce } from './partial.js';
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
  const result = reduce(node, {
    source,
    vars,
    deferred: NOTHING_DEFERRED,
    mode: 'full',
    now: options.now,
    ...(options.glob && { glob: options.glob }),
    ...(options.workingDir !== undefined && { workingDir: options.workingDir }),
  });
  if (!result.known)
    throw new ExpressionError('expression could not be fully evaluated', source, node.start);
  return result.value;
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
