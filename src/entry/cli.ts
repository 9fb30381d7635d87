import { runCli } from '../app/cli.js';
import { nodeCliEnvironment } from '../adapters/console/node-cli-environment.js';
import { nodeRunEnvironment } from '../adapters/system/node-run-environment.js';

process.exitCode = await runCli(process.argv.slice(2), {
  ...nodeCliEnvironment(),
  run: nodeRunEnvironment(),
});
