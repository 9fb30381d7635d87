// The one masker of a Shakedown process. Every sensitive text it learns (config values marked
// `sensitive`, kubeconfig credentials, CI tokens) is replaced by `***` in whatever passes
// through it; the sinks (console, output files, GitHub and GitLab request bodies) all call it,
// so nothing is masked in one path and forgotten in another.
//
// Values shorter than MIN_SECRET_LENGTH are not masked: replacing every "1" or "ab" would
// rewrite plans, names and logs without protecting anything. The planner says so for a
// sensitive config value (see sensitiveNotices), so the user can choose a real secret.
//
// Besides the text itself, the forms it takes in what Shakedown writes are masked: each line of
// a multi-line value (a PEM key, logged line by line), JSON-escaped (results.json, request
// bodies), XML-escaped (junit.xml), as report markdown escapes it, base64 and URL-encoded.
import { escapeText } from '../report/markdown.js';

export const MASK = '***';
export const MIN_SECRET_LENGTH = 4;

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The forms of one secret worth searching for, each at least MIN_SECRET_LENGTH long. */
export function secretForms(value: string): string[] {
  if (value.length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>([value]);
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim();
    // PEM armour lines are the same in every key and not secret.
    if (trimmed.length >= MIN_SECRET_LENGTH && !/^-----(BEGIN|END) /.test(trimmed))
      forms.add(trimmed);
  }
  for (const form of [...forms]) {
    forms.add(JSON.stringify(form).slice(1, -1));
    forms.add(form.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!));
    // Text content escapes only &, < and >.
    forms.add(form.replace(/[&<>]/g, (c) => XML_ENTITIES[c]!));
    forms.add(escapeText(form));
    forms.add(encodeURIComponent(form));
  }
  forms.add(base64(value));
  forms.add(base64(value).replace(/=+$/, ''));
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

export class Masker {
  private readonly values = new Set<string>();
  private forms: string[] = [];
  private pattern: RegExp | undefined;

  /** Learns secrets; empty and too short ones are ignored (see MIN_SECRET_LENGTH). */
  add(values: Iterable<string | undefined>): void {
    let changed = false;
    for (const value of values) {
      if (value === undefined || value.length < MIN_SECRET_LENGTH || this.values.has(value))
        continue;
      this.values.add(value);
      this.forms.push(...secretForms(value));
      changed = true;
    }
    if (!changed) return;
    // Longest first, so a secret that contains another is masked whole.
    const sorted = [...new Set(this.forms)].sort((a, b) => b.length - a.length);
    this.forms = sorted;
    this.pattern = new RegExp(
      sorted.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
      'g',
    );
  }

  get size(): number {
    return this.values.size;
  }

  mask(text: string): string {
    return this.pattern ? text.replace(this.pattern, MASK) : text;
  }

  /** Every string inside a JSON-like value, masked (keys included). */
  maskDeep<T>(value: T): T {
    if (!this.pattern) return value;
    return this.deep(value) as T;
  }

  /**
   * A text cut short (a log line at its cap) may end in the first part of a secret; that part
   * is masked too, down to MIN_SECRET_LENGTH characters.
   */
  maskCut(text: string): string {
    let masked = this.mask(text);
    for (const value of this.values) {
      for (let n = Math.min(value.length - 1, masked.length); n >= MIN_SECRET_LENGTH; n--) {
        if (masked.endsWith(value.slice(0, n))) {
          masked = masked.slice(0, -n) + MASK;
          break;
        }
      }
    }
    return masked;
  }

  private deep(value: unknown): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (Array.isArray(value)) return value.map((v) => this.deep(v));
    if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [this.mask(k), this.deep(v)]),
      );
    }
    return value;
  }
}
