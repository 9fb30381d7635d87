import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { evaluateTyped, renderTemplate, valueToText } from '../../../src/core/expr/index.js';
import { goJson } from '../../../src/core/expr/go-format.js';
import { KNOWN_DIFFERENCES, type Answer } from './testkube-differences.js';

type Vector = {
  source: string;
  expr: string;
  template: boolean;
  vars?: Record<string, unknown>;
  testkube: Answer;
};

const file = JSON.parse(
  readFileSync(new URL('./testkube-vectors.json', import.meta.url), 'utf8'),
) as { vars: Record<string, unknown>; vectors: Vector[] };

// date() reads the clock: every case gets the instant the oracle's date() gave when recording.
const clock = file.vectors.find((v) => v.expr === 'date()' && !v.template)?.testkube.text;
const now = clock ? new Date(clock) : undefined;

function ours(v: Vector): Answer {
  const vars = v.vars ?? file.vars;
  try {
    if (v.template) return { ok: true, text: renderTemplate(v.expr, vars, { now }) };
    const value = evaluateTyped(v.expr, vars, { now });
    return { ok: true, value, text: valueToText(value) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

// The recorded JSON holds int64s as JavaScript numbers; their exact digits are in the text.
const asRecorded = (value: unknown): string => goJson(JSON.parse(goJson(value)));

/**
 * Go iterates a map in random order, so entries() gives its entries in any order there: the same
 * entries in another order are the same result (compared item by item for a list, and as the same
 * characters for text around it).
 */
function sameUpToMapOrder(v: Vector, expected: Answer, actual: Answer): boolean {
  if (!/\bentries\(/.test(v.expr)) return false;
  if (Array.isArray(actual.value) && Array.isArray(expected.value)) {
    const items = (list: unknown[]) => list.map(asRecorded).sort().join('\n');
    return items(actual.value) === items(expected.value);
  }
  const chars = (text = '') => [...text].sort().join('');
  return chars(actual.text) === chars(expected.text);
}

/** Why our answer differs from Testkube's, or undefined when it does not. */
function difference(v: Vector, actual: Answer): string | undefined {
  const expected = v.testkube;
  if (expected.ok && actual.ok && sameUpToMapOrder(v, expected, actual)) return undefined;
  if (!expected.ok)
    return actual.ok
      ? `Testkube fails (${expected.error}), we give ${JSON.stringify(actual.text)}`
      : undefined;
  if (!actual.ok)
    return `Testkube gives ${JSON.stringify(expected.text)}, we fail: ${actual.error}`;
  if (expected.text !== undefined && expected.text !== actual.text)
    return `text ${JSON.stringify(actual.text)}, Testkube ${JSON.stringify(expected.text)}`;
  if (!v.template && expected.type !== 'nonfinite' && expected.value !== undefined) {
    if (asRecorded(actual.value) !== goJson(expected.value))
      return `value ${goJson(actual.value)}, Testkube ${JSON.stringify(expected.value)}`;
  }
  return undefined;
}

describe("Testkube's expression results (recorded vectors)", () => {
  const results = file.vectors.map((v) => {
    const answer = ours(v);
    const diff = difference(v, answer);
    const known = diff ? KNOWN_DIFFERENCES.find((k) => k.applies(v, answer)) : undefined;
    return { v, diff, known };
  });
  const key = (v: Vector) => `${v.template ? 'template' : 'expression'} ${v.expr}`;

  it("covers Testkube's own cases and at least 1,000 generated ones", () => {
    expect(file.vectors.filter((v) => v.source === 'testkube').length).toBeGreaterThanOrEqual(200);
    expect(file.vectors.filter((v) => v.source === 'generated').length).toBeGreaterThanOrEqual(
      1000,
    );
  });

  it('gives the same result as Testkube for every vector outside the known differences', () => {
    const unexpected = results
      .filter((r) => r.diff && !r.known)
      .map((r) => `${key(r.v)}\n    ${r.diff}`);
    const matching = results.filter((r) => !r.diff).length;
    const own = results.filter((r) => r.v.source === 'testkube');
    const ownMatching = own.filter((r) => !r.diff).length;
    const byReason = KNOWN_DIFFERENCES.map(
      (k) => `  ${results.filter((r) => r.known === k).length} × ${k.reason.slice(0, 90)}…`,
    );
    process.stdout.write(
      `testkube vectors: ${matching} of ${results.length} identical (${ownMatching} of ${own.length} of Testkube's own); known differences:\n${byReason.join('\n')}\n`,
    );
    expect(unexpected).toEqual([]);
  });

  it('lists only known differences that some vector still shows', () => {
    const used = new Set(results.map((r) => r.known));
    expect(KNOWN_DIFFERENCES.filter((k) => !used.has(k)).map((k) => k.reason)).toEqual([]);
  });
});
