// The console of a command, masked: whatever a command prints (progress, live logs, errors that
// quote an API's answer) goes through the process's one masker. The command registers the
// secrets as it learns them (config values, kubeconfig credentials); CI entries hand in the
// masker that already knows their tokens.
import { Masker } from '../core/secrets/masker.js';
import type { CliEnvironment } from '../ports/cli-environment.js';

const MASKED = Symbol('masked');

export function maskedEnvironment(env: CliEnvironment): CliEnvironment & { masker: Masker } {
  if ((env as { [MASKED]?: boolean })[MASKED] && env.masker)
    return env as CliEnvironment & { masker: Masker };
  const masker = env.masker ?? new Masker();
  const console = env.console;
  return {
    ...env,
    masker,
    stdout: (text) => env.stdout(masker.mask(text)),
    stderr: (text) => env.stderr(masker.mask(text)),
    ...(console && {
      console: {
        line: (text) => console.line(masker.mask(text)),
        group: (title, options) => console.group(masker.mask(title), options),
      },
    }),
    [MASKED]: true,
  } as CliEnvironment & { masker: Masker };
}
