/**
 * AST of Testkube's TestWorkflow expression language. Every node keeps `start`, the offset of its
 * first character in the source, so evaluation errors can point at it.
 */
export type BinaryOperator =
  '&&' | '||' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '**';

export type UnaryOperator = '!' | '-';

/**
 * One step of an access chain: `.name` (also `.0`) or the wildcard `.*`. Testkube has no
 * `x[index]`; list and object literals are plain JSON, so they are literals.
 */
export type AccessStep =
  { type: 'property'; name: string; start: number } | { type: 'wildcard'; start: number };

export type Node =
  | { kind: 'literal'; value: unknown; start: number }
  | { kind: 'identifier'; name: string; start: number }
  /** `object` followed by steps; a `.*` step maps the rest of the chain over the elements. */
  | { kind: 'access'; object: Node; steps: AccessStep[]; start: number }
  | { kind: 'unary'; operator: UnaryOperator; operand: Node; start: number }
  | {
      kind: 'binary';
      operator: BinaryOperator;
      left: Node;
      right: Node;
      start: number;
      operatorStart: number;
    }
  | { kind: 'conditional'; test: Node; consequent: Node; alternate: Node; start: number }
  | { kind: 'call'; name: string; args: CallArgument[]; start: number };

/** `spread` is Testkube's `args...` form: the list's items become separate arguments. */
export type CallArgument = { value: Node; spread: boolean };

export type NodeOf<K extends Node['kind']> = Extract<Node, { kind: K }>;

/**
 * Binding power of binary operators. As in Testkube, `&&` and `||` share one level (so
 * `a || b && c` is `(a || b) && c`) and every level, `**` included, is left-associative.
 */
export const PRECEDENCE: Record<BinaryOperator, number> = {
  '&&': 1,
  '||': 1,
  '==': 2,
  '!=': 2,
  '<': 2,
  '<=': 2,
  '>': 2,
  '>=': 2,
  '+': 3,
  '-': 3,
  '*': 4,
  '/': 4,
  '%': 4,
  '**': 5,
};

/** Names of the roots an AST reads, in order of first appearance (`x` for `x.a`, `x.*`). */
export function collectRoots(node: Node, into: string[] = []): string[] {
  const add = (name: string): void => {
    if (!into.includes(name)) into.push(name);
  };
  const visit = (n: Node): void => {
    switch (n.kind) {
      case 'identifier':
        add(n.name);
        break;
      case 'access':
        visit(n.object);
        break;
      case 'unary':
        visit(n.operand);
        break;
      case 'binary':
        visit(n.left);
        visit(n.right);
        break;
      case 'conditional':
        visit(n.test);
        visit(n.consequent);
        visit(n.alternate);
        break;
      case 'call':
        n.args.forEach((a) => visit(a.value));
        break;
      case 'literal':
        break;
    }
  };
  visit(node);
  return into;
}
