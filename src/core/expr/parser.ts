import {
  PRECEDENCE,
  type AccessStep,
  type BinaryOperator,
  type CallArgument,
  type Node,
} from './ast.js';
import { ExpressionError } from './errors.js';
import { tokenize, type Token } from './tokenizer.js';
import { NONE } from './values.js';

// A bare `null` is Testkube's None (a null inside a JSON literal is Go's nil).
const KEYWORDS: Record<string, unknown> = { true: true, false: false, null: NONE };

// `x[1]` reads as `x` followed by the JSON list `[1]`, as in Testkube, which has no index access.
const indexHint = (token: Token): string =>
  token.type === 'json' && Array.isArray(token.value)
    ? ' (Testkube has no `x[index]` access: write `x.1` or `at(x, index)`)'
    : '';

/** Parses a whole bare expression (a `condition`, `retry.until`, `count`). */
export function parseExpression(source: string): Node {
  const { tokens, end } = tokenize(source);
  if (tokens.length === 0) throw new ExpressionError('empty expression', source, 0);
  return parseTokens(tokens, source, end);
}

/**
 * Parses `tokens` as exactly one expression; `end` is where the expression text stops (the end
 * of the source, or the `}}` of a template part), used to place "unexpected end" errors.
 */
export function parseTokens(tokens: Token[], source: string, end: number): Node {
  const parser = new Parser(tokens, source, end);
  const node = parser.expression();
  parser.finish();
  return node;
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
    private readonly end: number,
  ) {}

  finish(): void {
    const extra = this.peek();
    if (extra)
      throw this.error(
        `unexpected '${extra.text}' after the end of the expression${indexHint(extra)}`,
        extra,
      );
  }

  /**
   * One whole expression, grouped as Testkube's parser groups it: a ternary binds tighter than
   * `&&` and `||` and groups to the left (`c ? a : b || d` is `(c ? a : b) || d`, `a ? b : c ? d : e`
   * is `(a ? b : c) ? d : e`), and its branches hold neither `&&`/`||` nor a ternary without
   * parentheses.
   */
  expression(): Node {
    let node = this.binary(1);
    for (;;) {
      if (this.accept('?')) {
        const consequent = this.consequent();
        this.expect(':', "':' of the ternary operator");
        // What follows the alternate (`||`, another `?`) applies to the whole ternary.
        const alternate = this.binary(2);
        node = { kind: 'conditional', test: node, consequent, alternate, start: node.start };
        continue;
      }
      const token = this.peek();
      if (token?.type !== 'operator' || PRECEDENCE[token.text as BinaryOperator] !== 1) return node;
      this.index++;
      const right = this.binary(2);
      node = {
        kind: 'binary',
        operator: token.text as BinaryOperator,
        left: node,
        right,
        start: node.start,
        operatorStart: token.start,
      };
    }
  }

  private consequent(): Node {
    const node = this.binary(2);
    const token = this.peek();
    if (token?.type === 'operator' && PRECEDENCE[token.text as BinaryOperator] === 1)
      throw this.error(
        `'${token.text}' between '?' and ':' needs parentheses (Testkube reads \`c ? a ${token.text} b : d\` as a syntax error)`,
        token,
      );
    if (token?.type === 'punct' && token.text === '?')
      throw this.error(
        `a ternary between '?' and ':' needs parentheses (Testkube reads \`a ? b ? c : d : e\` as a syntax error)`,
        token,
      );
    return node;
  }

  private binary(minimum: number): Node {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token?.type !== 'operator' || !(token.text in PRECEDENCE)) return left;
      const operator = token.text as BinaryOperator;
      const precedence = PRECEDENCE[operator];
      if (precedence < minimum) return left;
      this.index++;
      const right = this.binary(precedence + 1);
      left = {
        kind: 'binary',
        operator,
        left,
        right,
        start: left.start,
        operatorStart: token.start,
      };
    }
  }

  private unary(): Node {
    const token = this.peek();
    if (token?.type === 'operator' && (token.text === '!' || token.text === '-')) {
      this.index++;
      // As in Testkube, `-` negates everything after it (`-2 + 3` is -5), `!` one operand.
      const operand = token.text === '-' ? this.expression() : this.unary();
      // `-5` is a literal, so printing folded negative numbers round-trips exactly (`-0` stays
      // an operation: the literal -0 prints as 0).
      const direct =
        this.tokens[this.index - 2] === token && this.tokens[this.index - 1].type === 'number';
      if (token.text === '-' && direct && operand.kind === 'literal' && operand.value !== 0) {
        return { kind: 'literal', value: -(operand.value as number), start: token.start };
      }
      return { kind: 'unary', operator: token.text, operand, start: token.start };
    }
    return this.postfix();
  }

  private postfix(): Node {
    const object = this.primary();
    const steps: AccessStep[] = [];
    for (let dot = this.accept('.'); dot; dot = this.accept('.')) {
      const member = this.next("a property name after '.'");
      if (member.type !== 'member') throw this.error(`expected a property name after '.'`, member);
      steps.push(
        member.text === '*'
          ? { type: 'wildcard', start: dot.start }
          : { type: 'property', name: member.text, start: dot.start },
      );
    }
    return steps.length === 0 ? object : { kind: 'access', object, steps, start: object.start };
  }

  private primary(): Node {
    const token = this.next('a value');
    const start = token.start;
    switch (token.type) {
      case 'number':
      case 'string':
      case 'json':
        return { kind: 'literal', value: token.value, start };
      case 'name':
        if (token.text in KEYWORDS) return { kind: 'literal', value: KEYWORDS[token.text], start };
        if (this.accept('('))
          return { kind: 'call', name: token.text, args: this.callArgs(), start };
        return { kind: 'identifier', name: token.text, start };
      case 'punct':
        if (token.text === '(') {
          const inner = this.expression();
          this.expect(')', "')'");
          return inner;
        }
        break;
      default:
        break;
    }
    throw this.error(`unexpected '${token.text}'`, token);
  }

  private callArgs(): CallArgument[] {
    const args: CallArgument[] = [];
    if (this.accept(')')) return args;
    do {
      const value = this.expression();
      args.push({ value, spread: this.accept('...') !== undefined });
    } while (this.accept(','));
    this.expect(')', "',' or ')' in the function call");
    return args;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(expected: string): Token {
    const token = this.tokens[this.index++];
    if (!token)
      throw new ExpressionError(
        `unexpected end of expression, expected ${expected}`,
        this.source,
        this.end,
      );
    return token;
  }

  private accept(text: string): Token | undefined {
    const token = this.peek();
    if (token && token.type === 'punct' && token.text === text) {
      this.index++;
      return token;
    }
    return undefined;
  }

  private expect(text: string, description: string): void {
    if (this.accept(text)) return;
    const token = this.peek();
    if (!token)
      throw new ExpressionError(
        `unexpected end of expression, expected ${description}`,
        this.source,
        this.end,
      );
    throw this.error(`expected ${description}, found '${token.text}'${indexHint(token)}`, token);
  }

  private error(message: string, token: Token): ExpressionError {
    return new ExpressionError(message, this.source, token.start);
  }
}
