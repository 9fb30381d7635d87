// Live logs arrive in chunks that split lines anywhere; the console shows whole lines, each
// prefixed with where it comes from, and sensitive config values are masked before any of it
// is shown or saved.

/** Joins chunks into complete lines; `flush` returns what is left without a newline. */
export class LineBuffer {
  private rest = '';

  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.map((line) => line.replace(/\r$/, ''));
  }

  flush(): string[] {
    const rest = this.rest;
    this.rest = '';
    return rest === '' ? [] : [rest];
  }
}

/** Replaces every occurrence of the secret values (longest first) with `***`. */
export function masker(secrets: string[]): (text: string) => string {
  const values = [...new Set(secrets.filter((s) => s.length >= 3))].sort(
    (a, b) => b.length - a.length,
  );
  if (values.length === 0) return (text) => text;
  const pattern = new RegExp(
    values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'g',
  );
  return (text) => text.replace(pattern, '***');
}

/** The sensitive config values of a plan, as text. */
export function sensitiveValues(config: Record<string, unknown>, sensitive: string[]): string[] {
  return sensitive
    .map((name) => config[name])
    .filter((v) => v !== undefined && v !== '')
    .map(String);
}
