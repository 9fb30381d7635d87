// spec + config values → Plan. Pure and deterministic: the same workflow and values always give
// the same plan, so plans can be golden-tested and diffed.
import {
  ExpressionError,
  formatExpressionError,
  partialTemplate,
  partialTemplateResult,
  STANDALONE_VARS,
  type Vars,
} from '../expr/index.js';
import { sortDiagnostics, type Diagnostic } from '../spec/diagnostics.js';
import { diagnosticAt, type LoadedWorkflow } from '../spec/loaded-workflow.js';
import { MIN_SECRET_LENGTH } from '../secrets/masker.js';
import { workflowNotices, type Notice } from '../spec/notices.js';
import type { ConfigValue } from '../spec/types.js';
import { resolveContainerConfig, resolveContent } from './build-container.js';
import { buildPhases, siteServices, type StepSite } from './build-steps.js';
import { resolveConfig, type DefaultRenderer } from '../spec/config-values.js';
import type { Plan, StepPlan } from './model.js';
import { globalEnv } from './global-env.js';
import { executionTags, podSettings } from './pod-plan.js';
import { INSTANCE_ROOTS } from './instances.js';
import { IdAllocator } from './naming.js';
import { PlanContext, RUNTIME_ROOTS, type Scope } from './resolver.js';
import { secretTexts } from './secrets.js';
import { rootNesting, type ChildPlanner, type Nesting } from './nesting.js';
import type { WorkflowLibrary } from '../spec/workflow-library.js';

export interface PlanOptions {
  /** `--config k=v` pairs, as text. */
  configValues: Record<string, string>;
  /** The workflows a step's `execute` may run (LoadResult.library); none when absent. */
  workflows?: WorkflowLibrary;
  /** Set when planning a child run: where it stands among the plans above it. */
  nesting?: Nesting;
}

const planChild: ChildPlanner = (source, configValues, nesting) =>
  buildPlan(source, { configValues, nesting });

export interface PlanOutcome {
  /** Present only when there is no diagnostic. */
  plan?: Plan;
  /** Every problem found, sorted by position. */
  diagnostics: Diagnostic[];
  /** Non-fatal notices to print once (validate, plan and run all show them). */
  notices: Notice[];
}

export function buildPlan(source: LoadedWorkflow, options: PlanOptions): PlanOutcome {
  const ctx = new PlanContext(source);
  ctx.nesting = options.nesting ?? rootNesting(source.name, options.workflows, planChild);
  const { spec, metadata } = source.workflow;
  const labels = metadata.labels ?? {};
  // As in Testkube: workflow.labels as written, labels.* with '.', '-' and '/' of keys as '_'.
  const workflowVars = { name: source.name, labels };
  const labelVars = Object.fromEntries(
    Object.entries(labels).map(([k, v]) => [k.replaceAll(/[.\-/]/g, '_'), v]),
  );
  const known = { workflow: workflowVars, labels: labelVars, ...STANDALONE_VARS };

  const renderDefault: DefaultRenderer = (template, values) => {
    try {
      return partialTemplate(template, { config: values, ...known }, RUNTIME_ROOTS);
    } catch (error) {
      if (error instanceof ExpressionError)
        return { error: `bad expression: ${formatExpressionError(error)}` };
      throw error;
    }
  };
  const config = resolveConfig(spec.config, options.configValues, renderDefault);
  config.problems.forEach((p) => ctx.error(p.path, p.message));
  // Without every value, expressions would fail for want of config.* and bury the real cause.
  const notices = workflowNotices(source);
  if (ctx.diagnostics.length > 0) return { diagnostics: sortDiagnostics(ctx.diagnostics), notices };

  const scope: Scope = {
    vars: { config: config.values, ...known },
    deferred: RUNTIME_ROOTS,
  };
  const sensitiveValues = secretTexts([
    ...config.sensitive.map((name) => config.values[name]),
    ...templateSecrets(source.sensitiveValues, scope.vars),
  ]);
  ctx.setSecrets(sensitiveValues);
  notices.push(...shortSecretNotices(source, config.sensitive, config.values));
  const defaults = resolveContainerConfig(ctx, spec.container, 'spec.container', scope);
  const pod = podSettings(ctx, spec, scope);
  const tags = spec.execution?.tags
    ? executionTags(ctx.deep(spec.execution.tags, 'spec.execution.tags', scope))
    : undefined;
  if (tags && Object.keys(tags.annotations).length > 0)
    pod.annotations = { ...tags.annotations, ...pod.annotations };
  const root: StepSite = {
    ctx,
    scope,
    defaults,
    imagePullSecrets: pod.imagePullSecrets ?? [],
    globalEnv: globalEnv(ctx, spec, scope),
    ids: new IdAllocator(),
    idPrefix: '',
    serviceNames: new Map<string, string>(),
    servicePrefix: '',
  };
  const services = siteServices(root, spec.services, 'spec.services');
  const steps = buildPhases(root, [
    { steps: spec.setup, path: 'spec.setup', phase: 'setup' },
    { steps: spec.steps, path: 'spec.steps', phase: 'main' },
    { steps: spec.after, path: 'spec.after', phase: 'after' },
  ]);
  if (steps.length === 0) ctx.error('spec', 'the workflow has nothing to run: add spec.steps');

  const content = resolveContent(ctx, spec.content, 'spec.content', scope);
  // A child's secrets are the run's: its logs go through the same masking.
  const allSecrets = secretTexts([...sensitiveValues, ...childSecrets(steps)]);
  const plan: Plan = {
    version: 1,
    workflow: source.name,
    file: source.file,
    config: config.values,
    sensitive: config.sensitive,
    sensitiveValues: allSecrets,
    labels: { ...metadata.labels, ...tags?.labels },
    ...(tags && { tags: tags.all }),
    ...(spec.job?.activeDeadlineSeconds !== undefined && {
      activeDeadlineSeconds: spec.job.activeDeadlineSeconds,
    }),
    pod,
    ...(content && { content }),
    services,
    steps,
  };

  if (ctx.diagnostics.length > 0) return { diagnostics: sortDiagnostics(ctx.diagnostics), notices };
  return { plan, diagnostics: [], notices };
}

/** A sensitive value too short to mask is said once, by name, never by value. */
function shortSecretNotices(
  source: LoadedWorkflow,
  sensitive: readonly string[],
  values: Record<string, unknown>,
): Notice[] {
  return sensitive.flatMap((name) => {
    const value = values[name];
    if (value === undefined || value === null || value === '') return [];
    if (String(value).length >= MIN_SECRET_LENGTH) return [];
    return [
      diagnosticAt(
        source,
        `spec.config.${name}`,
        `is sensitive, but its value is shorter than ${MIN_SECRET_LENGTH} characters, so it is not masked in logs and reports (masking so short a text would rewrite unrelated output); use a longer secret`,
      ),
    ];
  });
}

function childSecrets(steps: StepPlan[]): string[] {
  return steps.flatMap((step) => [
    ...(step.execute?.runs ?? []).flatMap((run) => run.plan.sensitiveValues ?? []),
    ...(step.parallel?.workers ?? []).flatMap((worker) => childSecrets(worker.steps)),
    ...childSecrets(step.steps),
  ]);
}

/**
 * The texts of the templates' sensitive values. One given as `'{{ config.dbPassword }}'` is
 * known once the workflow's config is; one that depends on run-time or instance values
 * (`{{ env.PW }}`, `{{ matrix.user }}`) has no single text to mask and is left out.
 */
function templateSecrets(values: readonly ConfigValue[], vars: Vars): string[] {
  return values.flatMap((value) => {
    if (typeof value !== 'string' || !value.includes('{{')) return [String(value)];
    try {
      const result = partialTemplateResult(value, vars, [...RUNTIME_ROOTS, ...INSTANCE_ROOTS]);
      return result.resolved ? [String(result.value)] : [];
    } catch (error) {
      // A bad expression is reported where the template's config is applied.
      if (error instanceof ExpressionError) return [];
      throw error;
    }
  });
}
