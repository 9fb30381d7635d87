// What the loader hands to the planner: a workflow with its templates applied, plus a way to
// point back at the YAML that produced any part of it, so the planner's own errors (a bad
// expression in a step, an impossible shard count…) carry file:line:col like the validator's.
import type { Diagnostic, SourcePosition } from './diagnostics.js';
import type { ConfigValue, TestWorkflow } from './types.js';

export interface LoadedWorkflow {
  /** metadata.name */
  name: string;
  /** File the TestWorkflow document was read from, as given. */
  file: string;
  /** Fully resolved: templates applied, no `use` or `template` left anywhere. */
  workflow: TestWorkflow;
  /**
   * Values of the `sensitive` config parameters of the templates the workflow uses, which the
   * templates' application inlined into the spec. A string may still be a `{{ }}` template over
   * the workflow's own config (`password: '{{ config.dbPassword }}'`): the planner resolves it.
   */
  sensitiveValues: ConfigValue[];
  /**
   * Where a path of the RESOLVED workflow was written, e.g. `spec.steps[1].run.image`. Parts
   * that came from a template point into the template's file. A path with no node of its own
   * (a defaulted field) gives the position of its nearest written ancestor.
   */
  locate(path: string): SourcePosition;
}

/** A diagnostic for a path of a loaded workflow, positioned by `locate`. */
export function diagnosticAt(workflow: LoadedWorkflow, path: string, message: string): Diagnostic {
  return { ...workflow.locate(path), path, message };
}
