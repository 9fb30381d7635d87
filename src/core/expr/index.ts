/**
 * Testkube TestWorkflow expressions: `{{ }}` templates and bare expressions (condition,
 * retry.until, count), evaluated fully at run time or partially while planning.
 */
import { checkFunctions, checkVariables } from './check.js';
import { collectRoots } from './ast.js';
import { ExpressionError } from './errors.js';
import type { EvaluateOptions, Vars } from './evaluate.js';
import { partialScope, reduceCompiled } from './partial.js';
import { parseExpression } from './parser.js';
import { printExpression } from './printer.js';
import { parseTemplate, type PartialResult } from './template.js';
import { toBool, toPlain } from './values.js';
import { evaluateTyped } from './evaluate.js';

export { ExpressionError, formatExpressionError } from './errors.js';
export { evaluate, evaluateTyped, type EvaluateOptions, type Vars } from './evaluate.js';
export {
  escapeTemplateText,
  hasTemplate,
  parseTemplate,
  partialTemplate,
  partialTemplateResult,
  renderTemplate,
  type PartialResult,
  type TemplatePart,
} from './template.js';
export { parseExpression } from './parser.js';
export { callsGlob, globFiles, globRoots, type FileListing } from './glob-files.js';
export { checkSecretCall, secretCall, secretKeyRef, type SecretCall } from './secret-call.js';
export {
  KNOWN_ROOTS,
  PLAN_ROOTS,
  REFUSED_VARIABLES,
  RUN_ROOTS,
  STANDALONE_VARS,
} from './variables.js';
export { printExpression, printValue } from './printer.js';
export type { Node } from './ast.js';
/** Testkube truthiness ("", "0", "false", "off", None, [] and {} are false) and text form. */
export { toBool as isTruthy, toText as valueToText } from './values.js';

/**
 * A condition's verdict. It reads the typed value: a plain null (from `evaluate`) cannot tell
 * Testkube's None (false) from a null of the data (true).
 */
export function evaluateCondition(expression: string, vars: Vars, options: EvaluateOptions = {}) {
  return toBool(evaluateTyped(expression, vars, options));
}

function firstError(check: () => void): ExpressionError | undefined {
  try {
    check();
    return undefined;
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
}

/**
 * Syntax check, plus unknown functions and wrong argument counts, and, given `roots`, variables
 * outside them; the first problem or undefined.
 */
export function checkExpression(
  expression: string,
  roots?: ReadonlySet<string>,
  options: { allowGlob?: boolean } = {},
): ExpressionError | undefined {
  return firstError(() => {
    const node = parseExpression(expression);
    checkFunctions(node, expression, options.allowGlob);
    if (roots) checkVariables(node, expression, roots);
  });
}

/** The same for every `{{ }}` of a template (unclosed braces too); offsets are within the template. */
export function checkTemplate(
  template: string,
  roots?: ReadonlySet<string>,
): ExpressionError | undefined {
  return firstError(() => {
    for (const part of parseTemplate(template)) {
      if (part.kind !== 'expression' || !part.node) continue;
      checkFunctions(part.node, template);
      if (roots) checkVariables(part.node, template, roots);
    }
  });
}

/**
 * Folds everything but the roots named in `deferred`. Returns the value when fully resolved,
 * else the simplified expression re-printed (e.g. `"x" + services.db.0.ip`).
 */
export function partialEvaluate(
  expression: string,
  vars: Vars,
  deferred: readonly string[],
  options: EvaluateOptions = {},
): PartialResult {
  const scope = partialScope(expression, vars, deferred, options);
  const result = reduceCompiled(parseExpression(expression), scope);
  return result.known
    ? { resolved: true, value: toPlain(result.value) }
    : { resolved: false, expression: printExpression(result.node) };
}

/** Root variable names an expression (or every part of a template) reads, in order of appearance. */
export function referencedRoots(expressionOrTemplate: string, isTemplate: boolean): string[] {
  if (!isTemplate) return collectRoots(parseExpression(expressionOrTemplate));
  const roots: string[] = [];
  for (const part of parseTemplate(expressionOrTemplate)) {
    if (part.kind === 'expression' && part.node) collectRoots(part.node, roots);
  }
  return roots;
}
