// Resolves `use:` and `template:` against the TestWorkflowTemplate documents found among the
// inputs, with Testkube's semantics (testworkflowresolver/apply.go):
// - spec.use: each template's config is applied, then its spec is merged in: pod, job, content,
//   services and container merged (the workflow's values win); setup and steps prepended;
//   after appended. Several templates nest: use[0] ends up outermost.
// - step.use: content, services and container merged into the step; the template's setup and
//   steps run before the step's own sub-steps, its after steps after them.
// - step.template: the template runs as the step's first sub-steps (in a group of their own when
//   it brings container, content, services or workingDir).
// - parallel.use / parallel.template: the same, inside each worker's spec.
// Afterwards no `use`, `template` or step-level `setup` is left (see normalizeSetup).
import type { ExpressionError } from '../expr/index.js';
import { formatPath, type Segment } from './field-path.js';
import { typedValue, valueProblem } from './config-params.js';
import { SpecMerger, dropUndefined } from './merge.js';
import { applyServiceUses, type ServiceTemplateDeps } from './service-templates.js';
import type { Origins } from './origins.js';
import type { ParsedDocument } from './parse.js';
import { closest } from './suggest.js';
import { positionOf } from './yaml-nodes.js';
import { applyTemplateConfig, resolveDefaultTemplates } from './template-config.js';
import type { Diagnostic } from './diagnostics.js';
import { PARALLEL_STEP_FIELDS } from './types.js';
import type {
  ConfigValue,
  ParallelSpec,
  Step,
  TemplateRef,
  TemplateSpec,
  WorkflowSpec,
} from './types.js';

export interface TemplateEntry {
  name: string;
  doc: ParsedDocument;
  /** False when the template document has errors of its own (reported there). */
  valid: boolean;
}

type SpecLike = WorkflowSpec | ParallelSpec;

/** Fields that make a step more than a plain group of sub-steps. */
const STEP_OPERATION = ['shell', 'run', 'artifacts', 'parallel'] as const;

export class TemplateResolver {
  readonly diagnostics: Diagnostic[] = [];
  /**
   * Values of the templates' `sensitive` parameters. Applying a template inlines them into the
   * spec, where nothing marks them any more; the planner masks them by value instead.
   */
  readonly sensitiveValues: ConfigValue[] = [];
  private readonly merge: SpecMerger;
  private readonly serviceDeps: ServiceTemplateDeps;

  constructor(
    private readonly templates: ReadonlyMap<string, TemplateEntry>,
    private readonly origins: Origins,
  ) {
    this.merge = new SpecMerger(origins);
    this.serviceDeps = {
      merge: this.merge,
      instantiate: (ref) => this.instantiate(ref),
      refuse: (ref, message) => this.report(ref, ['name'], message),
    };
  }

  /** Resolves a spec in place (the workflow's, or a parallel block's). */
  resolveSpec(spec: SpecLike): void {
    this.applyUses(spec, (template) => this.injectIntoSpec(spec, template));
    applyServiceUses(spec.services, this.serviceDeps);
    for (const list of ['setup', 'steps', 'after'] as const) {
      const steps = spec[list];
      if (steps)
        spec[list] = this.origins.derive(flatten(steps.map((s) => this.resolveStep(s))), steps);
    }
  }

  private injectIntoSpec(spec: SpecLike, template: TemplateSpec): void {
    const target = spec as WorkflowSpec;
    target.pod = this.merge.pod(template.pod, target.pod);
    target.job = this.merge.job(template.job, target.job);
    target.events = this.merge.list(template.events, target.events);
    target.execution = this.merge.execution(template.execution, target.execution);
    target.system = this.merge.map(template.system, target.system);
    target.content = this.merge.content(template.content, target.content);
    target.services = this.merge.map(template.services, target.services);
    target.container = this.merge.container(template.container, target.container);
    target.setup = this.merge.list(template.setup, target.setup);
    target.steps = this.merge.list(template.steps, target.steps);
    target.after = this.merge.list(target.after, template.after);
    dropUndefined(target as Record<string, unknown>);
  }

  /** Instantiates and injects each template of `use`, which is then gone. */
  private applyUses(target: { use?: TemplateRef[] }, inject: (template: TemplateSpec) => void) {
    const uses = target.use ?? [];
    delete target.use;
    // Applied last to first, each prepending its steps, so use[0]'s steps come first.
    for (let i = uses.length - 1; i >= 0; i--) {
      const template = this.instantiate(uses[i]);
      if (template) inject(template);
    }
  }

  private resolveStep(step: Step): Step {
    this.applyUses(step, (template) => this.injectIntoStep(step, template));
    applyServiceUses(step.services, this.serviceDeps);
    if (step.template) {
      const ref = step.template;
      const template = this.instantiate(ref);
      delete step.template;
      if (template) this.runTemplateFirst(step, template, ref);
    }
    if (step.parallel) this.resolveParallel(step.parallel);
    if (step.setup) step.setup = step.setup.map((s) => this.resolveStep(s));
    if (step.steps)
      step.steps = this.origins.derive(
        step.steps.map((s) => this.resolveStep(s)),
        step.steps,
      );
    return normalizeSetup(step, this.origins);
  }

  private injectIntoStep(step: Step, template: TemplateSpec): void {
    step.content = this.merge.content(template.content, step.content);
    step.services = this.merge.map(template.services, step.services);
    step.container = this.merge.container(template.container, step.container);
    if (template.setup || template.steps || template.after) {
      step.setup = this.merge.list(template.setup, step.setup);
      step.steps = this.merge.list(this.merge.list(template.steps, step.steps), template.after);
    }
    dropUndefined(step as Record<string, unknown>);
  }

  private runTemplateFirst(step: Step, template: TemplateSpec, ref: TemplateRef): void {
    // The group stands where the user wrote `template:`; its parts keep the template's positions.
    const isolated: Step = this.origins.derive({}, ref, template);
    this.injectIntoStep(isolated, template);
    if (!isolated.setup && !isolated.steps) return;
    const grouped =
      isolated.container || isolated.content || isolated.services || isolated.workingDir;
    const first = grouped ? [isolated] : [...(isolated.setup ?? []), ...(isolated.steps ?? [])];
    step.steps = this.merge.list(first, step.steps);
  }

  private resolveParallel(parallel: ParallelSpec): void {
    if (parallel.template) {
      // The worker's own operation goes along with the template, as one leading step.
      const moved: Step = this.origins.derive({ template: parallel.template }, parallel);
      for (const key of PARALLEL_STEP_FIELDS) {
        if (parallel[key] !== undefined) (moved as Record<string, unknown>)[key] = parallel[key];
        delete parallel[key];
      }
      delete parallel.template;
      parallel.steps = this.merge.list([moved], parallel.steps);
    }
    this.resolveSpec(parallel);
  }

  /** The template's spec with its config applied, or undefined (and a diagnostic). */
  private instantiate(ref: TemplateRef): TemplateSpec | undefined {
    const entry = this.find(ref);
    if (!entry) return undefined;
    const params = (entry.doc.value as { spec: TemplateSpec }).spec.config ?? {};
    const given = ref.config ?? {};
    const values: Record<string, ConfigValue> = {};
    const fromDefault = new Set<string>();
    let ok = true;
    for (const key of Object.keys(given)) {
      if (key in params) continue;
      const hint = closest(key, Object.keys(params));
      this.report(
        ref,
        ['config', key],
        `template '${ref.name}' has no config parameter '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`,
      );
      ok = false;
    }
    for (const [key, param] of Object.entries(params)) {
      if (key in given) {
        const problem = valueProblem(param, given[key]);
        if (problem) {
          this.report(ref, ['config', key], problem);
          ok = false;
        } else values[key] = typedValue(param, given[key]);
      } else if (param.default !== undefined) {
        values[key] = typedValue(param, param.default);
        fromDefault.add(key);
      } else {
        this.report(
          ref,
          ['name'],
          `template '${ref.name}' needs config '${key}' (it has no default)`,
        );
        ok = false;
      }
    }
    if (!ok) return undefined;
    const resolved = resolveDefaultTemplates(values, fromDefault);
    for (const [key, param] of Object.entries(params)) {
      if (param.sensitive === true && resolved[key] !== undefined)
        this.sensitiveValues.push(resolved[key]);
    }
    const spec = this.origins.copy((entry.doc.value as { spec: TemplateSpec }).spec, entry.doc, [
      'spec',
    ]);
    delete spec.config;
    const onError = (segments: Segment[], error: ExpressionError) =>
      this.diagnostics.push({
        ...this.positionIn(entry.doc, segments),
        path: formatPath(segments),
        message: `${error.message} (applying the config of template '${entry.name}')`,
      });
    applyTemplateConfig(spec as Record<string, unknown>, resolved, onError);
    return spec;
  }

  private find(ref: TemplateRef): TemplateEntry | undefined {
    // Testkube stores `official/cypress` as `official--cypress`; accept either spelling.
    const entry =
      this.templates.get(ref.name) ?? this.templates.get(ref.name.replaceAll('/', '--'));
    if (entry && !entry.valid) {
      this.report(ref, ['name'], `template '${ref.name}' has errors (see ${entry.doc.file})`);
      return undefined;
    }
    if (!entry) {
      const names = [...this.templates.keys()];
      const hint = closest(ref.name, names);
      const known = hint
        ? ` (did you mean '${hint}'?)`
        : names.length > 0
          ? ` (known templates: ${names.join(', ')})`
          : '; give the file holding its TestWorkflowTemplate document as an input too';
      this.report(ref, ['name'], `template '${ref.name}' not found${known}`);
    }
    return entry;
  }

  private report(at: object, rest: Segment[], message: string): void {
    const [origin] = this.origins.get(at);
    if (!origin) return;
    const segments = [...origin.segments, ...rest];
    this.diagnostics.push({
      ...this.positionIn(origin.doc, segments),
      path: formatPath(segments),
      message,
    });
  }

  private positionIn(doc: ParsedDocument, segments: Segment[]) {
    return positionOf(doc, segments);
  }
}

/**
 * A step's `setup` runs before its own operation. The plan knows only sub-steps that run after
 * the operation, so the operation moves into a sub-step placed after the setup steps; control
 * fields (condition, retry, timeout…) stay on the step and so still cover everything.
 */
function normalizeSetup(step: Step, origins: Origins): Step {
  const setup = step.setup;
  delete step.setup;
  if (!setup || setup.length === 0) return step;
  const operation: Step = origins.derive({}, step);
  for (const key of STEP_OPERATION) {
    if (step[key] !== undefined) (operation as Record<string, unknown>)[key] = step[key];
    delete step[key];
  }
  const own = Object.keys(operation).length > 0 ? [operation] : [];
  step.steps = origins.derive([...setup, ...own, ...(step.steps ?? [])], step.steps);
  return step;
}

/** Steps that are nothing but a group without settings are replaced by their sub-steps, as in Testkube. */
function flatten(steps: Step[]): Step[] {
  return steps.flatMap((step) => {
    const keys = Object.keys(step);
    return keys.length === 1 && keys[0] === 'steps' && step.steps ? step.steps : [step];
  });
}

/** Steps inside a TestWorkflowTemplate cannot include templates themselves (Testkube's IndependentStep). */
export function checkTemplateDocument(doc: ParsedDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (node: unknown, segments: Segment[]) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, [...segments, i]));
    const record = node as Record<string, unknown>;
    const parent = segments[segments.length - 2];
    const inStepList =
      typeof segments[segments.length - 1] === 'number' &&
      ['setup', 'steps', 'after'].includes(String(parent));
    const inParallel = segments[segments.length - 1] === 'parallel';
    for (const key of ['use', 'template']) {
      if ((inStepList || inParallel) && key in record) {
        const at = [...segments, key];
        out.push({
          ...positionOf(doc, at, true),
          path: formatPath(at),
          message: `a step of a TestWorkflowTemplate cannot include templates ('${key}'); Testkube does not allow it either`,
        });
      }
    }
    for (const [key, value] of Object.entries(record)) visit(value, [...segments, key]);
  };
  visit((doc.value as { spec?: unknown }).spec, ['spec']);
  return out;
}
