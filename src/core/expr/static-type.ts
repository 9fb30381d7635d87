import type { Node } from './ast.js';

// Contextual variables Testkube documents as booleans; they let `passed && false` fold to false.
const BOOLEAN_ROOTS = new Set(['passed', 'failed', 'always', 'never']);
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Whether a node surely evaluates to true or false (not just to something truthy or falsy). */
export function isBoolean(node: Node): boolean {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'boolean';
    case 'identifier':
      return BOOLEAN_ROOTS.has(node.name);
    case 'unary':
      return node.operator === '!';
    case 'binary':
      if (COMPARISONS.has(node.operator)) return true;
      return (
        (node.operator === '&&' || node.operator === '||') &&
        isBoolean(node.left) &&
        isBoolean(node.right)
      );
    case 'conditional':
      return isBoolean(node.consequent) && isBoolean(node.alternate);
    case 'call':
      return node.name === 'bool';
    default:
      return false;
  }
}
