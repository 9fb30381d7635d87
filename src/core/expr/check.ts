import type { Node } from './ast.js';
import { ExpressionError, UnknownNameError, unknownFunction, unknownVariable } from './errors.js';
import { arityText, FUNCTIONS } from './stdlib.js';

// glob() is only evaluated where the engine expands parallel workers (bound to a listing of
// the runner's container); everywhere else it stays an unknown function, refused by name.
const GLOB = { min: 1, max: Number.POSITIVE_INFINITY };

/**
 * Checks what can be known without values: every called function exists and, when no argument
 * is spread, gets an allowed number of arguments. Throws the first problem.
 */
export function checkFunctions(node: Node, source: string, allowGlob = false): void {
  switch (node.kind) {
    case 'call': {
      const def = FUNCTIONS[node.name] ?? (allowGlob && node.name === 'glob' ? GLOB : undefined);
      if (!def) throw unknownFunction(node.name, source, node.start);
      const count = node.args.length;
      if (!node.args.some((a) => a.spread) && (count < def.min || count > def.max)) {
        const message = `${node.name}() expects ${arityText(def)}, got ${count}`;
        throw new ExpressionError(message, source, node.start);
      }
      for (const arg of node.args) {
        try {
          checkFunctions(arg.value, source, allowGlob);
        } catch (e) {
          // any() is the fallback for names that may not exist.
          if (!(node.name === 'any' && e instanceof UnknownNameError)) throw e;
        }
      }
      return;
    }
    case 'access':
      checkFunctions(node.object, source, allowGlob);
      return;
    case 'unary':
      checkFunctions(node.operand, source, allowGlob);
      return;
    case 'binary':
      checkFunctions(node.left, source, allowGlob);
      checkFunctions(node.right, source, allowGlob);
      return;
    case 'conditional':
      checkFunctions(node.test, source, allowGlob);
      checkFunctions(node.consequent, source, allowGlob);
      checkFunctions(node.alternate, source, allowGlob);
      return;
    case 'literal':
    case 'identifier':
      return;
  }
}

/**
 * Checks that every variable root is one that some place of a workflow defines (`known`), and
 * names the Testkube variables Shakedown refuses. any() may name variables that do not exist.
 */
export function checkVariables(node: Node, source: string, known: ReadonlySet<string>): void {
  const visit = (n: Node): void => {
    switch (n.kind) {
      case 'identifier':
        if (!known.has(n.name)) throw unknownVariable(n.name, source, n.start);
        return;
      case 'call':
        if (n.name !== 'any') n.args.forEach((a) => visit(a.value));
        return;
      case 'access':
        visit(n.object);
        return;
      case 'unary':
        visit(n.operand);
        return;
      case 'binary':
        visit(n.left);
        visit(n.right);
        return;
      case 'conditional':
        visit(n.test);
        visit(n.consequent);
        visit(n.alternate);
        return;
      case 'literal':
        return;
    }
  };
  visit(node);
}
