// Names the plan gives to things the spec leaves unnamed: step ids, display names, Kubernetes
// object names of service instances, and worker labels. All are pure functions of the spec so
// that the same workflow always gets the same names.
import type { Instance } from './instances.js';

const MAX_DISPLAY_NAME = 60;
const MAX_ID = 40;
const MAX_K8S_NAME = 63;

/** Shortens text to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The first meaningful line of a script, e.g. `npm test` for `set -e\nnpm test`. */
export function scriptSummary(script: string): string {
  const lines = script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !/^set\s+-[a-z]+$/.test(line));
  const first = lines[0] ?? script.trim();
  return truncate(lines.length > 1 ? `${first} …` : first, MAX_DISPLAY_NAME);
}

/** What a step without `name` is shown as, from what it runs. */
export function deriveStepName(step: {
  shell?: string;
  command?: string[];
  args?: string[];
  image?: string;
  parallelWorkers?: number;
  /** Names (or `selector`) of the workflows an `execute` runs. */
  executes?: string[];
  children?: number;
  artifacts?: boolean;
  delay?: string;
}): string {
  if (step.shell !== undefined) return scriptSummary(step.shell);
  // Without a command the image's entrypoint receives the args, so the image leads.
  const program = step.command ?? (step.args && step.image !== undefined ? [step.image] : []);
  const argv = [...program, ...(step.args ?? [])];
  if (argv.length > 0) return truncate(argv.join(' '), MAX_DISPLAY_NAME);
  if (step.image !== undefined) return truncate(`Run ${step.image}`, MAX_DISPLAY_NAME);
  if (step.parallelWorkers !== undefined) {
    return `Parallel (${step.parallelWorkers} ${step.parallelWorkers === 1 ? 'worker' : 'workers'})`;
  }
  if (step.executes !== undefined) {
    return truncate(`Execute ${step.executes.join(', ')}`, MAX_DISPLAY_NAME);
  }
  if (step.children) return `Group (${step.children} ${step.children === 1 ? 'step' : 'steps'})`;
  if (step.artifacts) return 'Upload artifacts';
  if (step.delay !== undefined) return `Delay ${step.delay}`;
  return 'Step';
}

/**
 * Testkube's rule for a step id derived from its name: lowercase, every run of other
 * characters replaced by one underscore.
 */
export function slugId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_ID)
    .replace(/_+$/, '');
  return slug === '' ? 'step' : slug;
}

/** Hands out ids unique within one plan: a repeated id gets `_2`, `_3`… in spec order. */
export class IdAllocator {
  private readonly used = new Set<string>();

  /** Marks ids given explicitly in the spec, so derived ids never take them. */
  reserve(id: string): void {
    this.used.add(id);
  }

  /** Returns `wanted` or the first free `wanted_N`; `explicit` ids are returned as given. */
  take(wanted: string, explicit = false): string {
    if (explicit) {
      this.used.add(wanted);
      return wanted;
    }
    let id = wanted;
    for (let n = 2; this.used.has(id); n++) id = `${wanted}_${n}`;
    this.used.add(id);
    return id;
  }
}

/**
 * A DNS-1123 label (what Kubernetes requires of pod and Service names): lowercase letters,
 * digits and '-', starting and ending with an alphanumeric, at most 63 characters. A name that
 * had to be shortened keeps a short hash of the original so that two long names stay apart.
 */
export function kubernetesName(text: string): string {
  const clean = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  const name = clean === '' ? 'x' : clean;
  if (name.length <= MAX_K8S_NAME) return name;
  const hash = fnv1a(text).toString(36).padStart(7, '0').slice(0, 7);
  return `${name.slice(0, MAX_K8S_NAME - 8).replace(/-+$/, '')}-${hash}`;
}

/** FNV-1a, for short stable hashes in names. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** e.g. `e2e #2 (browser=firefox, shard 1/3)`, or `e2e #2 (<description>)` when one is given. */
export function workerName(base: string, instance: Instance, description?: string): string {
  const label = `${base} #${instance.index + 1}`;
  if (description) return `${label} (${description})`;
  const details = Object.entries(instance.matrix).map(([k, v]) => `${k}=${displayValue(v)}`);
  if (instance.shardCount > 1 && Object.keys(instance.shard).length > 0) {
    details.push(`shard ${instance.shardIndex + 1}/${instance.shardCount}`);
  }
  return details.length > 0 ? `${label} (${details.join(', ')})` : label;
}

function displayValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
