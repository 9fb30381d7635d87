import { describe, expect, it } from '@jest/globals';
import type { AccessStep, BinaryOperator, Node } from '../../../src/core/expr/ast.js';
import { evaluateNode } from '../../../src/core/expr/evaluate.js';
import { goJson } from '../../../src/core/expr/go-format.js';
import {
  evaluate,
  evaluateTyped,
  ExpressionError,
  parseExpression,
  partialEvaluate,
  printExpression,
} from '../../../src/core/expr/index.js';

// Deterministic PRNG (mulberry32) so a failure reproduces with the printed case number.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VARS = {
  a: 2,
  b: -3.5,
  s: 'str',
  t: true,
  lst: [1, 'two', [3]],
  obj: { a: 1, 'k-1': 'v', x: { a: 5 } },
  nil: null,
  passed: false,
};
const NUMBERS = [0, 1, 2, 3.5, -1, -2.25, 10, 1e21, 0.1];
const STRINGS = ['', 'a', 'x y', 'q"uote', "it's", '}}', '{{', 'é\n\t', '0', 'false', '\\', '5'];
const NAMES = Object.keys(VARS);
const KEYS = ['0', '1', 'a', 'k-1', 'x', 'two words'];
const OPERATORS: BinaryOperator[] = [
  '&&',
  '||',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
];
const FUNCTIONS: [string, number, number][] = [
  ['len', 1, 1],
  ['string', 0, 3],
  ['join', 1, 2],
  ['int', 1, 1],
  ['bool', 1, 1],
  ['tojson', 1, 1],
  ['max', 1, 3],
  ['abs', 1, 1],
  ['split', 1, 2],
  ['list', 0, 3],
  ['any', 0, 3],
];

function generator(seed: number) {
  const next = random(seed);
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];

  const leaf = (): Node => {
    switch (int(4)) {
      case 0:
        return { kind: 'literal', value: pick(NUMBERS), start: 0 };
      case 1:
        return { kind: 'literal', value: pick(STRINGS), start: 0 };
      case 2:
        return { kind: 'literal', value: pick([true, false, null]), start: 0 };
      default:
        return { kind: 'identifier', name: pick(NAMES), start: 0 };
    }
  };

  const node = (depth: number): Node => {
    if (depth === 0 || next() < 0.2) return leaf();
    const child = (): Node => node(depth - 1);
    switch (int(8)) {
      case 0:
        return { kind: 'unary', operator: pick(['!', '-'] as const), operand: child(), start: 0 };
      case 1:
      case 2: {
        const operator = pick(OPERATORS);
        return {
          kind: 'binary',
          operator,
          left: child(),
          right: child(),
          start: 0,
          operatorStart: 0,
        };
      }
      case 3:
        return {
          kind: 'conditional',
          test: child(),
          consequent: child(),
          alternate: child(),
          start: 0,
        };
      case 4: {
        const [name, min, max] = pick(FUNCTIONS);
        const count = min + int(max - min + 1);
        const args = Array.from({ length: count }, () => ({ value: child(), spread: false }));
        return { kind: 'call', name, args, start: 0 };
      }
      case 5: {
        // Testkube's list and object literals are plain JSON; list() builds one from expressions.
        const args = Array.from({ length: int(3) }, () => ({ value: child(), spread: false }));
        return { kind: 'call', name: 'list', args, start: 0 };
      }
      case 6: {
        const entries = Array.from({ length: int(3) }, () => [pick(KEYS), pick(STRINGS)]);
        return { kind: 'literal', value: Object.fromEntries(entries), start: 0 };
      }
      default: {
        const steps: AccessStep[] = Array.from({ length: 1 + int(3) }, () => {
          const r = int(5);
          if (r === 0) return { type: 'wildcard', start: 0 };
          // Only names Testkube's accessors can spell (`k-1` needs at()).
          return { type: 'property', name: pick(KEYS.filter((k) => /^\w+$/.test(k))), start: 0 };
        });
        const object =
          next() < 0.6 ? { kind: 'identifier' as const, name: pick(NAMES), start: 0 } : child();
        return { kind: 'access', object, steps, start: 0 };
      }
    }
  };
  return node;
}

type Outcome = { value: string } | { error: string };

function outcome(run: () => unknown): Outcome {
  try {
    // goJson tells an int64 (bigint) from a float64 and writes both.
    return { value: goJson(run()) };
  } catch (e) {
    if (e instanceof ExpressionError) return { error: e.message };
    throw e;
  }
}

const CASES = 600;

describe('print → parse → print on generated expressions', () => {
  const generate = generator(20240501);
  const trees = Array.from({ length: CASES }, () => generate(4));

  it('is stable and evaluates like the original tree', () => {
    let failures = 0;
    trees.forEach((tree, i) => {
      const printed = printExpression(tree);
      const reprinted = printExpression(parseExpression(printed));
      const original = outcome(() => evaluateNode(tree, printed, VARS));
      const parsed = outcome(() => evaluateTyped(printed, VARS));
      if (reprinted !== printed || JSON.stringify(original) !== JSON.stringify(parsed)) {
        failures++;
        expect({ case: i, text: reprinted, outcome: parsed }).toEqual({
          case: i,
          text: printed,
          outcome: original,
        });
      }
    });
    expect(failures).toBe(0);
  });

  it('produces a mix of values and errors, so the comparison means something', () => {
    const outcomes = trees.map((tree) => outcome(() => evaluateNode(tree, '', VARS)));
    const values = outcomes.filter((o) => 'value' in o).length;
    expect(values).toBeGreaterThan(CASES / 4);
    expect(CASES - values).toBeGreaterThan(CASES / 10);
  });

  it('partial evaluation with a deferred root agrees with full evaluation', () => {
    const { a, passed, ...known } = VARS;
    let compared = 0;
    trees.forEach((tree, i) => {
      const printed = printExpression(tree);
      const full = outcome(() => evaluate(printed, VARS));
      // Only successful evaluations are compared: folding is eager where evaluation is lazy, so
      // it may fail earlier, and a folded root (`obj[a]` → `{...}[a]`) reads a missing key as
      // null rather than as an unknown variable.
      if (!('value' in full)) return;
      let later: Outcome;
      try {
        const result = partialEvaluate(printed, known, ['a', 'passed']);
        later = result.resolved
          ? { value: goJson(result.value) }
          : outcome(() => evaluate(result.expression, { ...known, a, passed }));
      } catch {
        return;
      }
      compared++;
      expect({ case: i, outcome: later }).toEqual({ case: i, outcome: full });
    });
    expect(compared).toBeGreaterThan(CASES / 5);
  });
});
