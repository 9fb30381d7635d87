import { PRECEDENCE, type AccessStep, type BinaryOperator, type Node } from './ast.js';
import { isNone, isObject } from './values.js';

/**
 * Prints an AST back to canonical expression text: spaced operators, double-quoted strings and
 * only the parentheses the grammar needs (plus around mixed `&&`/`||`, which share one level and
 * so read ambiguously). Parsing the output yields an equivalent AST, printing it again the same text.
 */
export function printExpression(node: Node): string {
  switch (node.kind) {
    case 'literal':
      return printValue(node.value, true);
    case 'identifier':
      return node.name;
    case 'access':
      return printAccess(node.object, node.steps);
    case 'unary':
      return node.operator + printOperand(node.operand, isPrimary(node.operand));
    case 'binary': {
      const left = printOperand(
        node.left,
        !needsParens(node.left, node.operator, false) && !endsOpen(node.left),
      );
      const right = printOperand(node.right, !needsParens(node.right, node.operator, true));
      return `${left} ${node.operator} ${right}`;
    }
    case 'conditional': {
      const test = printOperand(
        node.test,
        node.test.kind !== 'conditional' && !endsOpen(node.test),
      );
      const consequent = printOperand(
        node.consequent,
        isBareBranch(node.consequent) && !endsOpen(node.consequent),
      );
      const alternate = printOperand(node.alternate, isBareBranch(node.alternate));
      return `${test} ? ${consequent} : ${alternate}`;
    }
    case 'call':
      return `${node.name}(${node.args.map((a) => printExpression(a.value) + (a.spread ? '...' : '')).join(', ')})`;
  }
}

/**
 * A value as an expression literal: strings in double quotes, lists and objects as the JSON
 * literals Testkube reads. A plain `null` prints as `null` (None); a value of the expression
 * language (`typed`) tells Go's nil apart, which only JSON gives back.
 */
export function printValue(value: unknown, typed = false): string {
  if (value === null) return typed ? 'json("null")' : 'null';
  if (isNone(value)) return 'null';
  // Exact JavaScript digits, so that a re-parsed literal is the same number.
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  // A bare integer literal would read back as a float64 (and print `1e+06`).
  if (typeof value === 'bigint') return `int(${value})`;
  // A list with int64s or None in it is built with list(), which keeps them.
  if (Array.isArray(value) && !value.every(isJson))
    return `list(${value.map((v) => printValue(v, true)).join(', ')})`;
  // An object keeps an int64's digits (it reads back as a float64) and None as `{}`.
  return JSON.stringify(value, jsonLiteral);
}

const rawJson = (text: string): unknown => (JSON as unknown as RawJson).rawJSON(text);
type RawJson = { rawJSON(text: string): unknown };
const jsonLiteral = (_key: string, v: unknown): unknown =>
  typeof v === 'bigint' ? rawJson(String(v)) : isNone(v) ? rawJson('{}') : v;

function isJson(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isJson);
  return isObject(value) && Object.values(value).every(isJson);
}

function printOperand(node: Node, bare: boolean): string {
  return bare ? printExpression(node) : `(${printExpression(node)})`;
}

/**
 * Whether a node prints as one unit an operator can apply to without parentheses. Negative
 * numbers do not: `-2` (literal or `-` applied to 2) is read back as one literal, so `!-2` or
 * `-2.x` would not round-trip.
 */
function isPrimary(node: Node): boolean {
  if (node.kind === 'literal') return !(typeof node.value === 'number' && node.value < 0);
  if (node.kind === 'unary' && node.operator === '-') return false;
  return ['identifier', 'access', 'call', 'unary'].includes(node.kind);
}

/**
 * Whether the printed node ends with a `-` that would swallow what follows it: Testkube's `-`
 * negates the whole rest of the expression, so `(-x) + 1` must keep its parentheses.
 */
function endsOpen(node: Node): boolean {
  if (node.kind === 'literal') return typeof node.value === 'number' && node.value < 0;
  if (node.kind === 'unary') return node.operator === '-';
  if (node.kind === 'binary') return endsOpen(node.right);
  return false;
}

/** Testkube's branches stop at `&&`, `||` and `?`, so those must be grouped inside them. */
function isBareBranch(node: Node): boolean {
  if (node.kind === 'conditional') return false;
  return node.kind !== 'binary' || PRECEDENCE[node.operator] !== PRECEDENCE['&&'];
}

function needsParens(node: Node, parent: BinaryOperator, right: boolean): boolean {
  if (node.kind === 'conditional') return true;
  if (node.kind !== 'binary') return false;
  const inner = PRECEDENCE[node.operator];
  const outer = PRECEDENCE[parent];
  if (right) return inner <= outer;
  return (
    inner < outer || (inner === outer && inner === PRECEDENCE['&&'] && node.operator !== parent)
  );
}

const printStep = (step: AccessStep): string => (step.type === 'wildcard' ? '.*' : `.${step.name}`);

function printAccess(object: Node, steps: AccessStep[]): string {
  // A chain without wildcards reads the same merged (`(a.b).c` is `a.b.c`); with one it does not.
  if (object.kind === 'access' && !object.steps.some((s) => s.type === 'wildcard')) {
    return printAccess(object.object, [...object.steps, ...steps]);
  }
  // `(1).x` and `(-1).x`: a bare number would swallow the dot (`1.5` is a number).
  const number = object.kind === 'literal' && typeof object.value === 'number';
  const base = number || object.kind === 'access' || object.kind === 'unary' || !isPrimary(object);
  return printOperand(object, !base) + steps.map(printStep).join('');
}
