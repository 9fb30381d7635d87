// Applies a template's `config` to a copy of its spec, as Testkube does before merging it:
// `config.X` of the TEMPLATE is replaced by the value the `use` gives (or the default), while
// every other variable (env, services, index…) is kept for later.
//
// A value given by the workflow may itself be a template referring to the WORKFLOW's config,
// e.g. `use: [{name: node, config: {version: '{{ config.nodeVersion }}'}}]`. Like Testkube, we
// substitute such a value as an expression (so `shellquote(config.query)` quotes the final
// value, not the template text), after renaming the workflow's `config` so the template's
// values cannot capture it; the name is restored once the template's config is folded in.
import {
  parseExpression,
  parseTemplate,
  partialEvaluate,
  partialTemplate,
  printExpression,
  printValue,
  referencedRoots,
  ExpressionError,
  type Node,
} from '../expr/index.js';
import { fieldKind } from './expression-fields.js';
import { isScriptSecret } from './script-secrets.js';
import type { Segment } from './field-path.js';
import type { ConfigValue } from './types.js';

/** Stands for the workflow's `config` while the template's is being applied. */
const WORKFLOW_CONFIG = '__shakedown_workflow_config';

export type ConfigErrorHandler = (segments: Segment[], error: ExpressionError) => void;

export function applyTemplateConfig(
  spec: Record<string, unknown>,
  values: Record<string, ConfigValue>,
  onError: ConfigErrorHandler,
): void {
  const substitution = substitutionOf(values);
  walk(spec, ['spec'], (value, segments) => {
    try {
      return substitution.field(value, segments);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      onError(segments, error);
      return value;
    }
  });
}

/**
 * Template defaults may refer to the template's other parameters: `{{ config.host }}:5432`.
 * They are folded like any field of the template, so a default built on a value the workflow
 * gave as `{{ config.x }}` becomes a template over the workflow's config, as that value is.
 */
export function resolveDefaultTemplates(
  values: Record<string, ConfigValue>,
  fromDefault: ReadonlySet<string>,
): Record<string, ConfigValue> {
  const out = { ...values };
  for (const key of fromDefault) {
    const value = out[key];
    if (typeof value !== 'string' || !value.includes('{{')) continue;
    try {
      const others = { ...out };
      delete others[key];
      out[key] = substitutionOf(others).template(value);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      // left as written; the syntax error is reported where the default is defined
    }
  }
  return out;
}

/** Values given as templates over the workflow's config are substituted as expressions. */
function substitutionOf(values: Record<string, ConfigValue>): Substitution {
  const plain: Record<string, ConfigValue> = {};
  const expressions = new Map<string, Node>();
  const texts = new Map<string, string>();
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.includes('{{')) {
      texts.set(key, value);
      try {
        expressions.set(key, templateAsNode(value));
        continue;
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        // reported where the value is written (expression checks of the workflow)
      }
    }
    plain[key] = value;
  }
  return new Substitution(plain, expressions, texts);
}

class Substitution {
  constructor(
    private readonly plain: Record<string, ConfigValue>,
    private readonly expressions: ReadonlyMap<string, Node>,
    /** The values given as templates, as written. */
    private readonly texts: ReadonlyMap<string, string> = new Map(),
  ) {}

  field(value: string, segments: Segment[]): unknown {
    const kind = fieldKind(segments);
    if (kind === 'text' || !value.includes('config')) return value;
    if (kind === 'template' && segments[segments.length - 1] === 'shell') return this.script(value);
    if (kind === 'template') return value.includes('{{') ? this.template(value) : value;
    const node = parseExpression(value);
    if (!referencedRoots(value, false).includes('config')) return value;
    const rewritten = printExpression(this.substitute(node));
    const result = partialEvaluate(
      rewritten,
      { config: this.plain },
      this.deferred(rewritten, false),
    );
    if (!result.resolved)
      return printExpression(rename(parseExpression(result.expression), WORKFLOW_CONFIG, 'config'));
    const last = segments[segments.length - 1];
    if ((last === 'count' || last === 'maxCount') && typeof result.value === 'number')
      return result.value;
    if (Array.isArray(result.value)) return result.value;
    return printValue(result.value);
  }

  /**
   * A shell script: a value given as a whole `{{ secret(…) }}` goes in as that text, which the
   * planner turns into an env var of the container (script-secrets.ts), instead of being
   * evaluated here, where secret() has no value.
   */
  private script(value: string): string {
    const held: string[] = [];
    const marked = value.replace(/\{\{\s*config\.([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) => {
      const given = this.plain[key] ?? this.texts.get(key);
      if (typeof given !== 'string' || !isScriptSecret(given)) return whole;
      held.push(given);
      return `\uE000${held.length - 1}\uE000`;
    });
    const folded = marked.includes('{{') ? this.template(marked) : marked;
    return folded.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => held[Number(i)]!);
  }

  template(value: string): string {
    if (!referencedRoots(value, true).includes('config')) return value;
    const rewritten = rewriteTemplate(value, (node) => this.substitute(node));
    const folded = partialTemplate(
      rewritten,
      { config: this.plain },
      this.deferred(rewritten, true),
    );
    return rewriteTemplate(folded, (node) => rename(node, WORKFLOW_CONFIG, 'config'));
  }

  private deferred(text: string, isTemplate: boolean): string[] {
    return referencedRoots(text, isTemplate).filter((r) => r !== 'config');
  }

  /** `config.k…` → the expression given for k, where k was given as a template. */
  private substitute(node: Node): Node {
    if (this.expressions.size === 0) return node;
    return mapNodes(node, (n) => {
      if (n.kind !== 'access' || n.object.kind !== 'identifier' || n.object.name !== 'config')
        return undefined;
      const [first, ...rest] = n.steps;
      const replacement = first?.type === 'property' ? this.expressions.get(first.name) : undefined;
      if (!replacement) return undefined;
      return rest.length === 0
        ? replacement
        : { kind: 'access', object: replacement, steps: rest, start: n.start };
    });
  }
}

/** The template with the expression of every `{{ }}` rewritten by `change`. */
function rewriteTemplate(template: string, change: (node: Node) => Node): string {
  return parseTemplate(template)
    .map((part) => {
      if (part.kind === 'text') return part.text;
      return part.node ? `{{ ${printExpression(change(part.node))} }}` : '';
    })
    .join('');
}

/** A template text as one expression, the workflow's `config` renamed: `a{{ config.x }}` → `"a" + __…config.x`. */
function templateAsNode(template: string): Node {
  const pieces: Node[] = parseTemplate(template).map((part) =>
    part.kind === 'text' || !part.node
      ? { kind: 'literal', value: part.kind === 'text' ? part.text : '', start: 0 }
      : rename(part.node, 'config', WORKFLOW_CONFIG),
  );
  if (pieces.length === 1 && pieces[0].kind !== 'literal') return pieces[0];
  return pieces.reduce<Node>(
    (left, right) => ({ kind: 'binary', operator: '+', left, right, start: 0, operatorStart: 0 }),
    { kind: 'literal', value: '', start: 0 },
  );
}

function rename(node: Node, from: string, to: string): Node {
  return mapNodes(node, (n) =>
    n.kind === 'identifier' && n.name === from ? { ...n, name: to } : undefined,
  );
}

/** Copies an AST, replacing the nodes for which `replace` returns something (not descending into them). */
function mapNodes(node: Node, replace: (node: Node) => Node | undefined): Node {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    if ('kind' in value && typeof value.kind === 'string') {
      const replaced = replace(value as Node);
      if (replaced) return replaced;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
  };
  return visit(node) as Node;
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
