// Which string fields of a document hold bare expressions, which hold `{{ }}` templates, and
// which are plain text — the same split Testkube's API makes with its `expr:` tags.
import type { Segment } from './field-path.js';

export type FieldKind = 'expression' | 'template' | 'text';

const STEP_LISTS = new Set(['steps', 'setup', 'after']);

/** Kind of the string at `segments` (a path inside a TestWorkflow or TestWorkflowTemplate document). */
export function fieldKind(segments: readonly Segment[]): FieldKind {
  if (segments[0] !== 'spec') return 'text'; // metadata, description
  const at = (fromEnd: number) => segments[segments.length - fromEnd];
  const last = at(1);
  const parent = at(2);
  if (segments[1] === 'config')
    return segments.length === 4 && last === 'default' ? 'template' : 'text';
  if (last === 'condition' && typeof parent === 'number' && STEP_LISTS.has(String(at(3)))) {
    return 'expression';
  }
  if (last === 'until' && parent === 'retry') return 'expression';
  if (last === 'count' && (parent === 'parallel' || at(3) === 'services')) return 'expression';
  if (last === 'maxCount' && parent === 'parallel') return 'expression';
  if (last === 'logs' && at(3) === 'services') return 'expression';
  // A matrix or shard list may be given as an expression producing the list.
  if (parent === 'matrix' || parent === 'shards') return 'expression';
  if (last === 'name' && (parent === 'template' || at(3) === 'use')) return 'text';
  if (last === 'id' && typeof parent === 'number') return 'text';
  return 'template';
}

/** Calls `visit` for every string leaf of a document, with its path. Iterative: depth is bounded at parse time anyway. */
export function forEachString(
  root: unknown,
  visit: (value: string, segments: Segment[]) => void,
  start: Segment[] = [],
): void {
  const stack: { node: unknown; segments: Segment[] }[] = [{ node: root, segments: start }];
  while (stack.length > 0) {
    const { node, segments } = stack.pop()!;
    if (typeof node === 'string') visit(node, segments);
    else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--)
        stack.push({ node: node[i], segments: [...segments, i] });
    } else if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node);
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push({ node: entries[i][1], segments: [...segments, entries[i][0]] });
      }
    }
  }
}
