// A step's `execute.workflows[]` → child runs, each the plan of another TestWorkflow with the
// config the entry gives it. As in Testkube's toolkit, an entry names a workflow, selects
// workflows by label, or both; it fans out by count/maxCount/matrix/shards; and its `config`
// and `description` are templates over the parent's config and the instance (matrix, shard,
// index, count). The child sees only its own config: it is a workflow run of its own.
import { formatDiagnostic, type Diagnostic } from '../spec/diagnostics.js';
import type { ExecuteWorkflow, StepExecute } from '../spec/types.js';
import type { LibraryWorkflow } from '../spec/workflow-library.js';
import { INSTANCE_ROOTS, instanceVars, publicVariables, type Instance } from './instances.js';
import type { ChildRunPlan, ExecutePlan } from './model.js';
import { workerName } from './naming.js';
import { configText, MAX_CHILD_RUNS, MAX_EXECUTE_DEPTH, type Nesting } from './nesting.js';
import type { PlanContext, Scope } from './resolver.js';
import { readInstances } from './strategy.js';

/** Testkube runs up to 100 child runs at once when parallelism is not given. */
const DEFAULT_PARALLELISM = 100;

const WHERE = 'among the input files and the YAML files beside them';

export function buildExecute(
  ctx: PlanContext,
  execute: StepExecute,
  path: string,
  scope: Scope,
  expectsFailure = false,
): ExecutePlan {
  const nesting = ctx.nesting!;
  const runs: ChildRunPlan[] = [];
  const group: Scope = { vars: scope.vars, deferred: [...scope.deferred, ...INSTANCE_ROOTS] };
  if (!execute.workflows?.length) ctx.error(path, 'needs workflows: the TestWorkflows to run');
  (execute.workflows ?? []).forEach((entry, i) => {
    const at = `${path}.workflows[${i}]`;
    const targets = findTargets(ctx, nesting, entry, at, group);
    const instances = targets.length > 0 ? readInstances(ctx, entry, at, scope) : undefined;
    for (const target of targets) {
      for (const instance of instances ?? []) {
        if (nesting.budget.runs >= MAX_CHILD_RUNS) {
          ctx.error(
            at,
            `the run would have more than ${MAX_CHILD_RUNS} child runs in all (execute, over every level); lower count or matrix, or split the workflow`,
          );
          return;
        }
        nesting.budget.runs++;
        const run = planChild(ctx, nesting, {
          entry,
          at,
          target,
          instance,
          index: runs.length,
          scope,
          expectsFailure,
        });
        if (run) runs.push(run);
      }
    }
  });
  const requested = execute.parallelism ?? DEFAULT_PARALLELISM;
  return {
    parallelism: Math.max(1, Math.min(requested, runs.length)),
    ...(execute.async && { async: true }),
    runs,
  };
}

/** The workflows an entry runs: its `name`, then those its `selector` matches. */
function findTargets(
  ctx: PlanContext,
  nesting: Nesting,
  entry: ExecuteWorkflow,
  at: string,
  group: Scope,
): LibraryWorkflow[] {
  const found: LibraryWorkflow[] = [];
  if (entry.name === undefined && entry.selector === undefined) {
    ctx.error(at, 'needs the name of a TestWorkflow to run, or a selector');
    return found;
  }
  if (entry.name !== undefined) {
    const name = ctx.knownTemplate(entry.name, `${at}.name`, group, 'the workflow name');
    const target = name === undefined ? undefined : nesting.library.named(name);
    if (target) found.push(target);
    else if (name !== undefined)
      ctx.error(`${at}.name`, `no TestWorkflow named '${name}' ${WHERE}`);
  }
  if (entry.selector !== undefined) {
    const labels = entry.selector.matchLabels ?? {};
    const matched = nesting.library.matching(labels);
    const shown = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    if (shown.length === 0) {
      ctx.error(`${at}.selector`, 'needs matchLabels; an empty selector would run every workflow');
    } else if (matched.length === 0) {
      ctx.error(`${at}.selector`, `no TestWorkflow labelled ${shown.join(', ')} ${WHERE}`);
    }
    if (shown.length > 0) found.push(...matched.filter((m) => !found.includes(m)));
  }
  return found;
}

interface ChildSite {
  entry: ExecuteWorkflow;
  at: string;
  target: LibraryWorkflow;
  instance: Instance;
  index: number;
  /** The step's scope: the parent's config, without the instance. */
  scope: Scope;
  /** The step is negative or optional: a child that cannot run is a failed child run. */
  expectsFailure: boolean;
}

function planChild(ctx: PlanContext, nesting: Nesting, site: ChildSite): ChildRunPlan | undefined {
  const { entry, at, target, instance, index, scope: stepScope, expectsFailure } = site;
  const chain = [...nesting.chain, target.name];
  if (nesting.chain.includes(target.name)) {
    ctx.error(at, `executing '${target.name}' makes a cycle: ${chain.join(' → ')}`);
    return undefined;
  }
  if (nesting.chain.length > MAX_EXECUTE_DEPTH) {
    ctx.error(
      at,
      `execute is nested more than ${MAX_EXECUTE_DEPTH} levels deep: ${chain.join(' → ')}`,
    );
    return undefined;
  }
  const loaded = target.load();
  const { file, line, column } = ctx.source.locate(at);
  const executedBy = ` (in '${target.name}', executed by '${ctx.source.name}' at ${file}:${line}:${column})`;
  if ('problems' in loaded && expectsFailure) return refusedChild(ctx, site, loaded.problems);
  if ('problems' in loaded) {
    const where = `${target.position.file}:${target.position.line}:${target.position.column}`;
    ctx.error(
      at,
      `executes TestWorkflow '${target.name}', which cannot run: see its problems at '${where}'`,
    );
    if (!loaded.reported && !nesting.reported.has(target.name)) {
      nesting.reported.add(target.name);
      ctx.adopt(loaded.problems, executedBy);
    }
    return undefined;
  }
  const scope: Scope = {
    vars: { ...stepScope.vars, ...instanceVars(instance) },
    deferred: stepScope.deferred,
  };
  const configValues: Record<string, string> = {};
  const params = loaded.workflow.workflow.spec.config ?? {};
  for (const [key, value] of Object.entries(entry.config ?? {})) {
    if (!Object.hasOwn(params, key)) {
      const known = Object.keys(params);
      ctx.error(
        `${at}.config.${key}`,
        `TestWorkflow '${target.name}' has no config parameter '${key}'${known.length ? ` (it has: ${known.join(', ')})` : ' (it has none)'}`,
      );
      return undefined;
    }
    const text =
      typeof value === 'string'
        ? ctx.knownTemplate(value, `${at}.config.${key}`, scope, `config '${key}'`)
        : configText(value);
    if (text === undefined) return undefined;
    configValues[key] = text;
  }
  const outcome = nesting.plan(loaded.workflow, configValues, { ...nesting, chain });
  if (!outcome.plan && expectsFailure) return refusedChild(ctx, site, outcome.diagnostics);
  if (!outcome.plan) {
    ctx.adopt(outcome.diagnostics, executedBy);
    return undefined;
  }
  const label =
    entry.executionName !== undefined
      ? ctx.redact(ctx.template(entry.executionName, `${at}.executionName`, scope))
      : target.name;
  const description =
    entry.description !== undefined
      ? ctx.redact(ctx.template(entry.description, `${at}.description`, scope))
      : undefined;
  const { matrix, shard } = publicVariables(instance);
  return {
    index,
    name: workerName(label, instance, description),
    ...(description !== undefined && { description }),
    matrix,
    shard,
    plan: outcome.plan,
  };
}

/** A child run that fails when reached, with the problems that keep its workflow from running. */
function refusedChild(
  ctx: PlanContext,
  { target, instance, index }: ChildSite,
  problems: readonly Diagnostic[],
): ChildRunPlan {
  const { matrix, shard } = publicVariables(instance);
  return {
    index,
    name: workerName(target.name, instance, undefined),
    matrix,
    shard,
    plan: {
      version: 1,
      workflow: target.name,
      file: target.position.file,
      config: {},
      sensitive: [],
      labels: {},
      pod: {},
      services: [],
      steps: [],
    },
    refused: problems.map((d) => ctx.redact(formatDiagnostic(d))),
  };
}
