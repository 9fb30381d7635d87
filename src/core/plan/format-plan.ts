// How `shakedown plan` prints a plan. Values of sensitive config parameters (the workflow's, by
// name, and its templates', by value) are masked wherever they ended up (config itself, and any
// template they were inlined into), so a plan can be pasted into an issue or a CI log safely.
import { stringify } from 'yaml';
import type { Plan } from './model.js';
import { MASK, maskText, secretTexts } from './secrets.js';

export type PlanFormat = 'yaml' | 'json';

export function formatPlan(plan: Plan, format: PlanFormat): string {
  const masked = maskSensitive(plan);
  return format === 'json'
    ? `${JSON.stringify(masked, null, 2)}\n`
    : stringify(masked, { lineWidth: 0, aliasDuplicateObjects: false });
}

export function maskSensitive(plan: Plan): Plan {
  const secrets = secretTexts([
    ...plan.sensitive.map((name) => plan.config[name]),
    ...(plan.sensitiveValues ?? []),
  ]);
  if (secrets.length === 0) return plan;
  const masked = mask(plan, secrets) as Plan;
  // A sensitive parameter is masked whole, whatever its type; another one only where its text
  // holds a secret (a plain parameter passed on to a template's sensitive one).
  const config = Object.fromEntries(
    Object.entries(masked.config).map(([k, v]) => [k, plan.sensitive.includes(k) ? MASK : v]),
  );
  return { ...masked, config };
}

function mask(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') return maskText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => mask(v, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, secrets)]));
  }
  return value;
}
