// The TestWorkflows a step's `execute` may run: those of the input files and of the YAML files
// beside them, as a Testkube user has them all in the cluster. The first document of a name
// wins (inputs first, then the files beside them, nearest first). Documents beside the inputs
// are only checked and resolved when a workflow executes them, so that a directory full of
// workflows costs nothing until used, and their problems are reported only then.
import type { Diagnostic, SourcePosition } from './diagnostics.js';
import type { LoadedWorkflow } from './loaded-workflow.js';

export interface LibraryWorkflow {
  name: string;
  /** metadata.labels, for `execute.workflows[].selector`. */
  labels: Readonly<Record<string, string>>;
  /** Where the document's metadata.name is written. */
  position: SourcePosition;
  /**
   * The workflow ready to plan, or the problems that keep it from being. `reported` says they
   * are among the load's own diagnostics already (the workflow is an input).
   */
  load(): { workflow: LoadedWorkflow } | { problems: Diagnostic[]; reported: boolean };
}

export interface WorkflowLibrary {
  /** The workflow named `name`, if any. */
  named(name: string): LibraryWorkflow | undefined;
  /** Every workflow whose labels include all of `labels`, in library order. */
  matching(labels: Readonly<Record<string, string>>): LibraryWorkflow[];
}

/** A library of `entries`, the first of each name winning. */
export function workflowLibrary(entries: readonly LibraryWorkflow[]): WorkflowLibrary {
  const byName = new Map<string, LibraryWorkflow>();
  for (const entry of entries) if (!byName.has(entry.name)) byName.set(entry.name, entry);
  const unique = [...byName.values()];
  return {
    named: (name) => byName.get(name),
    matching: (labels) =>
      unique.filter((entry) =>
        Object.entries(labels).every(([key, value]) => entry.labels[key] === value),
      ),
  };
}

/** Memoizes `load`, since several steps may execute one workflow. */
export function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

export const EMPTY_LIBRARY: WorkflowLibrary = workflowLibrary([]);
