import type { Node } from './ast.js';
import { ExpressionError } from './errors.js';
import { evaluateNode, type EvaluateOptions, type Vars } from './evaluate.js';
import { partialScope, reduceCompiled } from './partial.js';
import { parseTokens } from './parser.js';
import { printExpression } from './printer.js';
import { tokenize } from './tokenizer.js';
import { toText } from './values.js';

export type TemplatePart =
  | { kind: 'text'; text: string; start: number }
  /** `start` is the offset of `{{`, `end` the offset after `}}`; `node` is null for `{{ }}`. */
  | { kind: 'expression'; node: Node | null; start: number; end: number };

export type PartialResult =
  { resolved: true; value: unknown } | { resolved: false; expression: string };

export function hasTemplate(text: string): boolean {
  return text.includes('{{');
}

/**
 * Splits a template into text and `{{ expression }}` parts. The closing `}}` is found by the
 * tokenizer, so `}}` inside string literals or object literals does not end the expression.
 */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  for (;;) {
    const open = template.indexOf('{{', at);
    if (open < 0) break;
    if (open > at) parts.push({ kind: 'text', text: template.slice(at, open), start: at });
    const { tokens, end, closed } = tokenize(template, open + 2, true);
    if (!closed) throw new ExpressionError("unclosed '{{' (expected '}}')", template, open);
    const node = tokens.length === 0 ? null : parseTokens(tokens, template, end);
    parts.push({ kind: 'expression', node, start: open, end: end + 2 });
    at = end + 2;
  }
  if (at < template.length) parts.push({ kind: 'text', text: template.slice(at), start: at });
  return parts;
}

/** Replaces every `{{ expr }}` with the text of its value (null is '', lists join with ','). */
export function renderTemplate(
  template: string,
  vars: Vars,
  options: EvaluateOptions = {},
): string {
  return parseTemplate(template)
    .map((part) => {
      if (part.kind === 'text') return part.text;
      return part.node ? toText(evaluateNode(part.node, template, vars, options)) : '';
    })
    .join('');
}

/**
 * Folds what is known before the run. Resolved: the final text. Otherwise: an equivalent
 * template where known parts are inlined (with any `{{` in them escaped as `{{"{{"}}`) and the
 * rest is kept as `{{ simplified expression }}`.
 */
export function partialTemplateResult(
  template: string,
  vars: Vars,
  deferred: readonly string[],
  options: EvaluateOptions = {},
): PartialResult {
  const scope = partialScope(template, vars, deferred, options);
  const pieces: (string | Node)[] = [];
  for (const part of parseTemplate(template)) {
    if (part.kind === 'text' || !part.node) {
      pieces.push(part.kind === 'text' ? part.text : '');
      continue;
    }
    const reduced = reduceCompiled(part.node, scope);
    pieces.push(reduced.known ? toText(reduced.value) : reduced.node);
  }
  if (pieces.every((p) => typeof p === 'string')) return { resolved: true, value: pieces.join('') };
  let out = '';
  let text = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      text += piece;
      continue;
    }
    out += escapeTemplateText(text) + `{{ ${printExpression(piece)} }}`;
    text = '';
  }
  return { resolved: false, expression: out + escapeTemplateText(text) };
}

/**
 * Template-to-template version of partialTemplateResult: the result is always a template, so a
 * resolved value containing `{{` comes back escaped. Text without `{{` is final as it is.
 */
export function partialTemplate(
  template: string,
  vars: Vars,
  deferred: readonly string[],
  options: EvaluateOptions = {},
): string {
  const result = partialTemplateResult(template, vars, deferred, options);
  return result.resolved ? escapeTemplateText(String(result.value)) : result.expression;
}

/**
 * Makes literal text safe to put in a template: runs of `{{` and a `{` right before a following
 * expression become string expressions, so they neither open an expression nor merge with one.
 */
export function escapeTemplateText(text: string): string {
  return text.replaceAll(/\{\{+|\{$/g, (braces) => `{{${JSON.stringify(braces)}}}`);
}
