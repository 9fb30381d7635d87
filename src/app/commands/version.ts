// `shakedown --version`: the version and the commit it was built from, on stdout, so that a bug
// report or a CI log says exactly which Shakedown ran.
import type { CliEnvironment } from '../../ports/cli-environment.js';

export async function versionCommand(args: string[], env: CliEnvironment): Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    env.stdout(
      'Usage: shakedown --version\n\nPrints the version and the commit it was built from.\n',
    );
    return 0;
  }
  if (args.length > 0) {
    env.stderr(`shakedown --version: takes no arguments, got '${args.join(' ')}'.\n`);
    return 2;
  }
  const build = env.build?.() ?? { version: undefined, commit: undefined };
  env.stdout(`shakedown ${build.version ?? 'unknown'} (commit ${build.commit ?? 'unknown'})\n`);
  return 0;
}
