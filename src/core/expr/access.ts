import type { AccessStep } from './ast.js';
import { guard, unknownVariable } from './errors.js';
import { accessKey, wildcardItems } from './operators.js';
import { isObject, reparsed } from './values.js';

/**
 * Applies an access chain. A `.*` step maps the rest of the chain over the list items, and each
 * result is what Testkube's map() makes of it (see `reparsed`). When `root` is given, the chain
 * starts at that variable and a missing first key is an unknown variable, not None.
 */
export function applySteps(
  value: unknown,
  steps: AccessStep[],
  source: string,
  root?: { name: string; start: number },
): unknown {
  let current = value;
  for (const [i, step] of steps.entries()) {
    if (step.type === 'wildcard') {
      const items = guard(source, step.start, () => wildcardItems(current));
      return items.map((item) => reparsed(applySteps(item, steps.slice(i + 1), source)));
    }
    const key = step.name;
    if (i === 0 && root && isObject(current) && !Object.hasOwn(current, key)) {
      throw unknownVariable(`${root.name}.${key}`, source, root.start);
    }
    const from = current;
    current = guard(source, step.start, () => accessKey(from, key));
  }
  return current;
}
