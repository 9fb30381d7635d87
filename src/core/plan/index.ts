// The planner's public face: spec + config → Plan, and how plans are printed.
export type * from './model.js';
export { buildPlan, type PlanOptions, type PlanOutcome } from './build-plan.js';
export { formatPlan, maskSensitive, type PlanFormat } from './format-plan.js';
export { MASK } from './secrets.js';
export { parseDuration } from './duration.js';
export { DEFAULT_SHELL_IMAGE, DEFAULT_GIT_MOUNT_PATH } from './build-container.js';
export { RUNTIME_ROOTS } from './resolver.js';
