import { describe, expect, it } from '@jest/globals';
import type { AccessStep, Node } from '../../../src/core/expr/ast.js';
import { parseExpression } from '../../../src/core/expr/parser.js';
import { failureOf } from './failure.js';

/** Fully parenthesised form, so the tree's shape is visible in one line. */
function shape(node: Node): string {
  switch (node.kind) {
    case 'literal':
      return JSON.stringify(node.value);
    case 'identifier':
      return node.name;
    case 'access':
      return `${shape(node.object)}${node.steps.map(step).join('')}`;
    case 'unary':
      return `(${node.operator}${shape(node.operand)})`;
    case 'binary':
      return `(${shape(node.left)} ${node.operator} ${shape(node.right)})`;
    case 'conditional':
      return `(${shape(node.test)} ? ${shape(node.consequent)} : ${shape(node.alternate)})`;
    case 'call':
      return `${node.name}(${node.args.map((a) => shape(a.value) + (a.spread ? '...' : '')).join(', ')})`;
  }
}

function step(s: AccessStep): string {
  if (s.type === 'wildcard') return '.*';
  return `.${s.name}`;
}

describe('parseExpression precedence', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['2 * 3 ** 2', '(2 * (3 ** 2))'],
    // Testkube parses every level left-associative, `**` included.
    ['2 ** 3 ** 2', '((2 ** 3) ** 2)'],
    ['a - b - c', '((a - b) - c)'],
    ['a % b / c * d', '(((a % b) / c) * d)'],
    // `&&` and `||` share one level in Testkube.
    ['a || b && c', '((a || b) && c)'],
    ['a && b || c', '((a && b) || c)'],
    ['a == b && c != d', '((a == b) && (c != d))'],
    ['a + b == c * d', '((a + b) == (c * d))'],
    ['a < b == c', '((a < b) == c)'],
    ['a = b', '(a == b)'],
    ['a <> b', '(a != b)'],
    ['!a == b', '((!a) == b)'],
    ['!a.b', '(!a.b)'],
    ['-a * b', '(-(a * b))'],
    ['-a + 2', '(-(a + 2))'],
    ['-2 ** 2', '(-(2 ** 2))'],
    ['- 5', '-5'],
    ['--5', '(--5)'],
    ['-(5)', '(-5)'],
    // As in Testkube, a ternary groups to the left and binds tighter than `&&` and `||`.
    ['a ? b : c ? d : e', '((a ? b : c) ? d : e)'],
    ['a ? (b ? c : d) : e', '(a ? (b ? c : d) : e)'],
    ['a ? b : (c ? d : e)', '(a ? b : (c ? d : e))'],
    ['c ? a : b || d', '((c ? a : b) || d)'],
    ['c ? a : b && d || e', '(((c ? a : b) && d) || e)'],
    ['x && c ? a : b', '((x && c) ? a : b)'],
    ['c ? a == 1 : b + 2', '(c ? (a == 1) : (b + 2))'],
    ['c ? (a || b) : d', '(c ? (a || b) : d)'],
    ['-c ? a : b', '(-(c ? a : b))'],
    ['a || b ? c + 1 : d', '((a || b) ? (c + 1) : d)'],
    ['a.b.c + d.0.e', '(a.b.c + d.0.e)'],
    ['services.db.*.ip', 'services.db.*.ip'],
    ['(a.*.b).c', 'a.*.b.c'],
    ['f(a, b...)', 'f(a, b...)'],
    ['join(split(x, ","), " ")', 'join(split(x, ","), " ")'],
    // List and object literals are one JSON value, as Testkube's tokenizer reads them.
    ['len([1, "a", {"k": null}])', 'len([1,"a",{"k":null}])'],
    ['list(1, x)', 'list(1, x)'],
    ['json("[1]").0', 'json("[1]").0'],
  ])('%s', (source, expected) => {
    expect(shape(parseExpression(source))).toBe(expected);
  });

  it('keeps (a.*.b).c apart from a.*.b.c in the tree', () => {
    const grouped = parseExpression('(a.*.b).c');
    expect(grouped.kind === 'access' && grouped.object.kind).toBe('access');
    const chain = parseExpression('a.*.b.c');
    expect(chain.kind === 'access' && chain.steps.length).toBe(3);
  });

  it('records where each node starts', () => {
    const node = parseExpression('x  +  len(y)');
    expect(node.kind).toBe('binary');
    if (node.kind !== 'binary') return;
    expect([node.start, node.operatorStart, node.right.start]).toEqual([0, 3, 6]);
  });
});

describe('parseExpression errors', () => {
  it.each([
    ['', 'empty expression', 0],
    ['   ', 'empty expression', 0],
    ['1 +', 'unexpected end of expression, expected a value', 3],
    ['(a + b', "unexpected end of expression, expected ')'", 6],
    ['a b', "unexpected 'b' after the end of the expression", 2],
    ['a ? b', "unexpected end of expression, expected ':' of the ternary operator", 5],
    [
      'c ? a || b : d',
      "'||' between '?' and ':' needs parentheses (Testkube reads `c ? a || b : d` as a syntax error)",
      6,
    ],
    [
      'a ? b ? c : d : e',
      "a ternary between '?' and ':' needs parentheses (Testkube reads `a ? b ? c : d : e` as a syntax error)",
      6,
    ],
    ['f(a b)', "expected ',' or ')' in the function call, found 'b'", 4],
    ['[1, 2', 'unterminated list literal', 0],
    [
      '[1, x]',
      'a list literal must be plain JSON, as Testkube reads it (no variables, calls, operators, single quotes or unquoted keys inside; build a list with list(...)): Unexpected token \'x\', "[1, x]" is not valid JSON',
      0,
    ],
    ['{"a": 1', 'unterminated object literal', 0],
    ['0755', "unexpected '755' after the end of the expression", 1],
    ['1e400', 'the number 1e400 is out of range', 0],
    ['a.', "unexpected end of expression, expected a property name after '.'", 2],
    ['* 2', "unexpected '*'", 0],
    [
      'a[1]',
      "unexpected '[1]' after the end of the expression (Testkube has no `x[index]` access: write `x.1` or `at(x, index)`)",
      1,
    ],
    [')', "unexpected ')'", 0],
  ])('%j', (source, message, offset) => {
    expect(failureOf(() => parseExpression(source))).toEqual({ message, offset });
  });
});
