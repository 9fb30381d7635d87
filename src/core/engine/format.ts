// How durations and outcomes read on the console.
import type { StepStatus } from '../results/index.js';

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

const MARKS: Record<StepStatus, string> = {
  passed: '✔',
  failed: '✖',
  skipped: '↷',
  cancelled: '⊘',
  timed_out: '⏱',
  error: '✖',
};

export function statusMark(status: StepStatus): string {
  return MARKS[status];
}
