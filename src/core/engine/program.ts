// Turns a step tree into what one pod executes: a flat list of instructions that the step
// machine walks, and the ordered list of gated containers that the pod builder creates. Both
// come from one walk so that they can never disagree about order.
import type { StepPlan } from '../plan/model.js';
import { FINISH_CONTAINER, stepContainerName } from './names.js';

export type Instruction =
  /** Decide the step's condition; on false, jump past its `exit`. */
  | { kind: 'enter'; step: StepPlan; exitIndex: number }
  /** One attempt of the step's own container. */
  | { kind: 'attempt'; step: StepPlan; attempt: number; container: string }
  /** Workers of a parallel step, run by the engine as their own pods. */
  | { kind: 'parallel'; step: StepPlan }
  /** One attempt of an execute step: the child runs, run by the engine as their own pods. */
  | { kind: 'execute'; step: StepPlan; attempt: number }
  /** The step and everything below it are done: settle its status, collect its artifacts. */
  | { kind: 'exit'; step: StepPlan };

export interface GatedContainer {
  name: string;
  /** Undefined for the finish container. */
  step?: StepPlan;
  attempt?: number;
}

export interface PodProgram {
  instructions: Instruction[];
  /** Step attempt containers in execution order, then the finish container. */
  containers: GatedContainer[];
  /** step id → parent step id (absent for top-level steps). */
  parents: Map<string, string>;
  /** step id → step, for every step of the tree. */
  steps: Map<string, StepPlan>;
}

export function buildProgram(steps: StepPlan[]): PodProgram {
  const program: PodProgram = {
    instructions: [],
    containers: [],
    parents: new Map(),
    steps: new Map(),
  };
  let position = 0;
  const walk = (step: StepPlan, parent: string | undefined): void => {
    program.steps.set(step.id, step);
    if (parent !== undefined) program.parents.set(step.id, parent);
    const enter = { kind: 'enter' as const, step, exitIndex: -1 };
    program.instructions.push(enter);
    if (step.container) {
      position++;
      const attempts = 1 + (step.retry?.count ?? 0);
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const container = stepContainerName(position, step.id, attempt);
        program.instructions.push({ kind: 'attempt', step, attempt, container });
        program.containers.push({ name: container, step, attempt });
      }
    }
    if (step.parallel) program.instructions.push({ kind: 'parallel', step });
    if (step.execute) {
      for (let attempt = 1; attempt <= 1 + (step.retry?.count ?? 0); attempt++)
        program.instructions.push({ kind: 'execute', step, attempt });
    }
    for (const child of step.steps) walk(child, step.id);
    enter.exitIndex = program.instructions.length;
    program.instructions.push({ kind: 'exit', step });
  };
  for (const step of steps) walk(step, undefined);
  program.containers.push({ name: FINISH_CONTAINER });
  return program;
}

/** Every step of a tree, depth first, in execution order. */
export function allSteps(steps: StepPlan[]): StepPlan[] {
  return steps.flatMap((step) => [step, ...allSteps(step.steps)]);
}
