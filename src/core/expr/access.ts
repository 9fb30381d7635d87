import type { AccessStep, NodeOf } from './ast.js';
import { guard, unknownVariable } from './errors.js';
import { accessKey, wildcardItems } from './operators.js';
import { isObject, toText } from './values.js';

/**
 * Applies an access chain whose index expressions are already literals. A `.*` step maps the
 * rest of the chain over the list items (or object values). When `root` is given, the chain
 * starts at that variable and a missing first key is an unknown variable, not null.
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
      return items.map((item) => applySteps(item, steps.slice(i + 1), source));
    }
    const key = step.type === 'property' ? step.name : (step.index as NodeOf<'literal'>).value;
    if (i === 0 && root && isObject(current) && !Object.hasOwn(current, toText(key))) {
      throw unknownVariable(`${root.name}.${toText(key)}`, source, root.start);
    }
    const from = current;
    current = guard(source, step.start, () => accessKey(from, key));
  }
  return current;
}
