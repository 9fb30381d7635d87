// Inputs as users write them: a workflow's `with:` on GitHub, a component's `inputs:` on GitLab.
// Both platforms read and check them the same way, so a typo fails the job at once with a message
// naming the input (and where the platform passed it), the value and what is expected, instead
// of half-way through a run.
import { parseDuration } from '../../core/plan/duration.js';

export class InputError extends Error {
  /** `source`: where the platform passed the input, e.g. the variable SHAKEDOWN_INPUT_TIMEOUT. */
  constructor(input: string, message: string, source?: string) {
    super(`Input '${input}'${source ? ` (${source})` : ''}: ${message}`);
    this.name = 'InputError';
  }
}

export class InputReader<Name extends string> {
  /**
   * @param raw an input's value as the platform passes it, '' when it is not set
   * @param source where the platform passes an input, for error messages
   */
  constructor(
    private readonly raw: (name: Name) => string,
    private readonly source?: (name: Name) => string,
  ) {}

  error(name: Name, message: string): InputError {
    return new InputError(name, message, this.source?.(name));
  }

  /** The value, trimmed; '' when it is not set. */
  text(name: Name): string {
    return this.raw(name).trim();
  }

  /** Newline- or comma-separated values, as users write lists. */
  list(name: Name, fallback = ''): string[] {
    return (this.text(name) || fallback)
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  oneOf<T extends string>(name: Name, allowed: readonly T[], fallback: T): T {
    const value = this.text(name) || fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw this.error(name, `'${value}' is not allowed. Expected one of: ${allowed.join(', ')}.`);
  }

  /** A duration as given (e.g. 30m), checked; undefined when it is not set. */
  duration(name: Name): string | undefined {
    const value = this.text(name) || undefined;
    if (value === undefined) return undefined;
    const parsed = parseDuration(value);
    if ('error' in parsed) throw this.error(name, parsed.error);
    return value;
  }

  /** `key=value` lines; the value is everything after the first `=`, so it may contain `=`. */
  config(name: Name): Record<string, string> {
    const config: Record<string, string> = {};
    this.raw(name)
      .split('\n')
      .forEach((raw, index) => {
        const line = raw.replace(/\r$/, '');
        if (line.trim() === '' || line.trim().startsWith('#')) return;
        const eq = line.indexOf('=');
        const key = eq < 0 ? '' : line.slice(0, eq).trim();
        if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
          // The line may hold a secret: name it by its number, never echo it.
          throw this.error(
            name,
            `line ${index + 1} is not key=value. Expected one 'name=value' per line, e.g. 'baseUrl=http://app:8080'.`,
          );
        }
        config[key] = line.slice(eq + 1);
      });
    return config;
  }
}
