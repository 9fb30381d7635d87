// Applies a template's `config` to a copy of its spec, as Testkube does before merging it:
// `{{ config.X }}` of the TEMPLATE is replaced by the value the `use` gives (or the default),
// while every other variable (env, services, index…) is kept for later.
//
// A value given by the workflow may itself be a template referring to the WORKFLOW's config,
// e.g. `use: [{name: node, config: {version: '{{ config.nodeVersion }}'}}]`. Such a value must
// survive as an expression, not be inlined as text: it is folded as an opaque placeholder and
// put back afterwards as the expression it stands for.
import {
  parseTemplate,
  partialEvaluate,
  partialTemplate,
  printValue,
  referencedRoots,
  ExpressionError,
} from '../expr/index.js';
import { fieldKind } from './expression-fields.js';
import type { Segment } from './field-path.js';
import type { ConfigValue } from './types.js';

const PLACEHOLDER = /\uE000(\d+)\uE001/g;
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;

export type ConfigErrorHandler = (segments: Segment[], error: ExpressionError) => void;

export function applyTemplateConfig(
  spec: Record<string, unknown>,
  values: Record<string, ConfigValue>,
  onError: ConfigErrorHandler,
): void {
  const raws: string[] = [];
  const config: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.includes('{{')) {
      config[key] = `\uE000${raws.length}\uE001`;
      raws.push(value);
    } else config[key] = value;
  }
  const substitute = new Substitution({ config }, raws);
  walk(spec, ['spec'], (value, segments) => {
    try {
      return substitute.field(value, segments);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      onError(segments, error);
      return value;
    }
  });
}

/** Template defaults may refer to the template's other parameters: `{{ config.host }}:5432`. */
export function resolveDefaultTemplates(
  values: Record<string, ConfigValue>,
  fromDefault: ReadonlySet<string>,
): Record<string, ConfigValue> {
  const out = { ...values };
  for (const key of fromDefault) {
    const value = out[key];
    if (typeof value !== 'string' || !value.includes('{{')) continue;
    try {
      const roots = referencedRoots(value, true);
      const others = { ...out };
      delete others[key];
      out[key] = partialTemplate(
        value,
        { config: others },
        roots.filter((r) => r !== 'config'),
      );
    } catch {
      // left as written; the syntax error is reported where the default is defined
    }
  }
  return out;
}

class Substitution {
  constructor(
    private readonly vars: { config: Record<string, ConfigValue> },
    private readonly raws: string[],
  ) {}

  field(value: string, segments: Segment[]): unknown {
    const kind = fieldKind(segments);
    if (kind === 'text' || !value.includes('config')) return value;
    const isTemplate = kind === 'template';
    if (isTemplate && !value.includes('{{')) return value;
    const roots = referencedRoots(value, isTemplate);
    if (!roots.includes('config')) return value;
    const deferred = roots.filter((r) => r !== 'config');
    if (isTemplate) return this.restoreInTemplate(partialTemplate(value, this.vars, deferred));
    const result = partialEvaluate(value, this.vars, deferred);
    if (!result.resolved) return this.restoreInExpression(result.expression);
    const last = segments[segments.length - 1];
    if (last === 'count' && typeof result.value === 'number') return result.value;
    if (Array.isArray(result.value) && !this.holdsPlaceholder(result.value)) return result.value;
    return this.restoreInExpression(printValue(result.value));
  }

  private holdsPlaceholder(value: unknown): boolean {
    return JSON.stringify(value).includes('\uE000');
  }

  /** Placeholders in text become the original `{{ }}` text; inside `{{ }}` its expression. */
  private restoreInTemplate(text: string): string {
    if (!text.includes('\uE000')) return text;
    return parseTemplate(text)
      .map((part) => {
        if (part.kind === 'text') return part.text.replace(PLACEHOLDER, (_, i) => this.raws[+i]);
        const inner = text.slice(part.start + 2, part.end - 2);
        return `{{${this.restoreInExpression(inner)}}}`;
      })
      .join('');
  }

  private restoreInExpression(expression: string): string {
    if (!expression.includes('\uE000')) return expression;
    return expression.replace(STRING_LITERAL, (literal) => {
      if (!literal.includes('\uE000')) return literal;
      const text = JSON.parse(literal) as string;
      const pieces: string[] = [];
      let at = 0;
      for (const match of text.matchAll(PLACEHOLDER)) {
        if (match.index > at) pieces.push(JSON.stringify(text.slice(at, match.index)));
        pieces.push(this.asExpression(this.raws[Number(match[1])]));
        at = match.index + match[0].length;
      }
      if (at < text.length) pieces.push(JSON.stringify(text.slice(at)));
      return pieces.length === 1 ? pieces[0] : `(${pieces.join(' + ')})`;
    });
  }

  /** A template text as one expression: `a{{ x }}` → `("a" + (x))`, `{{ x }}` → `(x)`. */
  private asExpression(template: string): string {
    const parts = parseTemplate(template).map((part) =>
      part.kind === 'text'
        ? JSON.stringify(part.text)
        : `(${template.slice(part.start + 2, part.end - 2).trim() || 'null'})`,
    );
    return parts.length === 1 ? parts[0] : `("" + ${parts.join(' + ')})`;
  }
}

/** Replaces string leaves in place with what `change` returns. */
function walk(
  node: unknown,
  segments: Segment[],
  change: (value: string, segments: Segment[]) => unknown,
): void {
  if (node === null || typeof node !== 'object') return;
  const entries: [Segment, unknown][] = Array.isArray(node)
    ? node.map((v, i) => [i, v])
    : Object.entries(node);
  for (const [key, value] of entries) {
    const at = [...segments, key];
    if (typeof value === 'string') (node as Record<Segment, unknown>)[key] = change(value, at);
    else walk(value, at, change);
  }
}
