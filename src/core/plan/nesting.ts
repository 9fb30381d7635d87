// What planning a step's `execute` needs to know beyond its own workflow: the workflows it may
// run, which workflows are already being planned above it (to refuse cycles), and how many
// child runs the whole run has so far (to bound it). One Nesting is shared by a plan and all
// the plans nested in it.
import type { ConfigValue } from '../spec/types.js';
import type { LoadedWorkflow } from '../spec/loaded-workflow.js';
import type { Diagnostic } from '../spec/diagnostics.js';
import { EMPTY_LIBRARY, type WorkflowLibrary } from '../spec/workflow-library.js';
import type { Plan } from './model.js';

/** Nesting deeper than this (a child of a child of… ) is refused. */
export const MAX_EXECUTE_DEPTH = 5;
/** Child runs of one run in all, over every level. */
export const MAX_CHILD_RUNS = 100;

export type ChildPlanner = (
  source: LoadedWorkflow,
  configValues: Record<string, string>,
  nesting: Nesting,
) => { plan?: Plan; diagnostics: Diagnostic[] };

export interface Nesting {
  library: WorkflowLibrary;
  /** Names of the workflows being planned, outermost first, ending with the current one. */
  chain: string[];
  /** Child runs planned so far in the whole tree. */
  budget: { runs: number };
  /** Libraries' problems already reported, by workflow name. */
  reported: Set<string>;
  plan: ChildPlanner;
}

export function rootNesting(
  name: string,
  library: WorkflowLibrary | undefined,
  plan: ChildPlanner,
): Nesting {
  return {
    library: library ?? EMPTY_LIBRARY,
    chain: [name],
    budget: { runs: 0 },
    reported: new Set(),
    plan,
  };
}

/** `--config`-style text for a config value given in YAML. */
export function configText(value: ConfigValue): string {
  return String(value);
}
