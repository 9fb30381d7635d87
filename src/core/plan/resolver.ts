// Evaluates the spec's expressions as far as the plan can: everything that depends only on
// config, the workflow name and the instance (matrix, shard, index, count) is folded now, while
// what needs run-time values (services' addresses, env, results so far, the execution and its
// namespace) stays as an expression for the engine. Every problem becomes a diagnostic with the
// field path and the file position of the node, so the planner reports all of them at once.
import {
  ExpressionError,
  formatExpressionError,
  partialEvaluate,
  partialTemplate,
  partialTemplateResult,
  printValue,
  referencedRoots,
  RUN_ROOTS,
  secretKeyRef,
  type EvaluateOptions,
  type SecretCall,
  type Vars,
} from '../expr/index.js';
import { diagnosticAt, type LoadedWorkflow } from '../spec/loaded-workflow.js';
import type { Diagnostic } from '../spec/diagnostics.js';
import { DURATION_FORM, parseDuration } from './duration.js';
import { maskText, secretTexts } from './secrets.js';
import type { Expression, Template } from './model.js';
import type { Nesting } from './nesting.js';

/** Variables only the run knows; expressions using them are kept for the engine. */
export const RUNTIME_ROOTS = RUN_ROOTS;

/** What an expression may refer to at one place of the spec. */
export interface Scope {
  vars: Vars;
  /** Root names kept symbolic. */
  deferred: readonly string[];
  /** glob() bound to the runner's files: set only when the engine expands parallel workers. */
  glob?: (patterns: string[]) => string[];
  /** The step's working directory when the plan knows it, for relpath()/abspath(). */
  workingDir?: string;
}

/** What the evaluator takes from a scope besides its variables. */
function options(scope: Scope): EvaluateOptions {
  return {
    ...(scope.glob && { glob: scope.glob }),
    ...(scope.workingDir !== undefined && { workingDir: scope.workingDir }),
  };
}

export class PlanContext {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private secrets: string[] = [];
  /** Set by the planner before the steps are built; `execute` plans its children with it. */
  nesting?: Nesting;

  constructor(readonly source: LoadedWorkflow) {}

  /** Adds problems found elsewhere (a child workflow's), positioned where they were found. */
  adopt(diagnostics: readonly Diagnostic[], suffix: string): void {
    for (const d of diagnostics) {
      const message = `${d.message}${suffix}`;
      const key = `${d.file}:${d.line}:${d.column}\u0000${message}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.diagnostics.push({ ...d, message: this.redact(message) });
    }
  }

  /** Registers the values of sensitive parameters, so names derived from text never show them. */
  setSecrets(values: readonly unknown[]): void {
    this.secrets = secretTexts(values);
  }

  /**
   * Names and ids are made from resolved text; a secret in them would survive the output
   * masking once slugged (`S3cr-3t` → `s3cr_3t`), so they are redacted before that.
   */
  redact(text: string): string {
    return maskText(text, this.secrets);
  }

  /** Records a problem at a path of the spec (once: workers repeat the same spec). */
  error(path: string, message: string): void {
    const key = `${path}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // A message may quote resolved text (`'…' is not a duration`), a secret included.
    this.diagnostics.push(diagnosticAt(this.source, path, this.redact(message)));
  }

  /** A `{{ }}` template with everything known inlined; run-time parts stay as `{{ expr }}`. */
  template(text: Template, path: string, scope: Scope): Template {
    return this.guard(path, text, () =>
      partialTemplate(text, scope.vars, scope.deferred, options(scope)),
    );
  }

  /** A template that must be fully known before the run (an image, a timeout…). */
  knownTemplate(text: Template, path: string, scope: Scope, what: string): string | undefined {
    const result = this.text(text, path, scope);
    if (result.known) return result.text;
    this.error(
      path,
      `${what} must be known before the run, but '${text}' ${needs(text, true, scope)}`,
    );
    return undefined;
  }

  /** A bare expression simplified as far as possible, as expression text for the engine. */
  expression(text: Expression, path: string, scope: Scope): Expression {
    return this.guard(path, text, () => {
      const result = partialEvaluate(text, scope.vars, scope.deferred, options(scope));
      return result.resolved ? printValue(result.value) : result.expression;
    });
  }

  /** A bare expression whose value the plan needs now (count, matrix lists). */
  value(text: Expression, path: string, scope: Scope, what: string): unknown {
    let outcome: { value: unknown } | undefined;
    let unresolved = false;
    this.guard(path, text, () => {
      const result = partialEvaluate(text, scope.vars, scope.deferred, options(scope));
      if (result.resolved) outcome = { value: result.value };
      else unresolved = true;
      return text;
    });
    if (unresolved) {
      this.error(
        path,
        `${what} must be known before the run, but '${text}' ${needs(text, false, scope)}`,
      );
    }
    return outcome?.value;
  }

  /** The Secret and key of an env value `{{ secret(name, key) }}`, known before the run. */
  secretRef(
    text: Template,
    call: SecretCall,
    path: string,
    scope: Scope,
  ): { name: string; key: string } | undefined {
    let ref: { name: string; key: string } | undefined;
    this.guard(path, text, () => {
      ref = secretKeyRef(text, call, scope.vars, scope.deferred);
      return text;
    });
    return ref;
  }

  /** Milliseconds of a duration; `written` is the spec's text when an expression produced `text`. */
  durationMs(text: string, path: string, written = text): number | undefined {
    const parsed = parseDuration(text);
    if ('ms' in parsed) return parsed.ms;
    const message =
      written === text ? parsed.error : `'${written}' is '${text}', which is not ${DURATION_FORM}`;
    this.error(path, message);
    return undefined;
  }

  /** Resolves every string inside passed-through Kubernetes objects (probes, volumes…). */
  deep<T>(value: T, path: string, scope: Scope): T {
    // Kubernetes objects are not rendered again at run time, so known text is kept plain.
    if (typeof value === 'string') return this.text(value, path, scope).text as T;
    if (Array.isArray(value))
      return value.map((item, i) => this.deep(item, `${path}[${i}]`, scope)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, this.deep(v, `${path}.${k}`, scope)]),
      ) as T;
    }
    return value;
  }

  /** Final text when everything is known, else the partially resolved template. */
  private text(text: Template, path: string, scope: Scope): { known: boolean; text: string } {
    let known = false;
    const out = this.guard(path, text, () => {
      const result = partialTemplateResult(text, scope.vars, scope.deferred, options(scope));
      known = result.resolved;
      return result.resolved ? String(result.value) : result.expression;
    });
    return { known, text: out };
  }

  private guard(path: string, text: string, run: () => string): string {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const why = DASHBOARD.test(text) ? DASHBOARD_HINT : '';
      this.error(path, `bad expression: ${formatExpressionError(error)}${why}`);
      return text;
    }
  }
}

const DASHBOARD = /\bdashboard\.url\b/;
// Testkube's own cloud tests take their addresses apart from it; standalone it is empty too.
const DASHBOARD_HINT =
  "\n(dashboard.url is empty here: it is the address of Testkube's dashboard, which needs Testkube's control plane)";

function needs(text: string, isTemplate: boolean, scope: Scope): string {
  const roots = referencedRoots(text, isTemplate).filter((r) => scope.deferred.includes(r));
  const runtime = roots.filter((r) => (RUNTIME_ROOTS as readonly string[]).includes(r));
  if (runtime.length > 0) return `refers to ${runtime.join(', ')}, known only at run time`;
  if (roots.length > 0) return `refers to ${roots.join(', ')}, which differs between instances`;
  return 'could not be evaluated';
}
