// The three programs Shakedown ships — the GitHub Action's main and post steps and the CLI —
// bundled as one file (dist/shakedown.js) so that the large Kubernetes client is shipped once;
// dist/index.js, dist/post/index.js and dist/cli/index.js are one-line launchers.
import { actionsRuntime } from '../adapters/github/actions-runtime.js';
import { nodeCliEnvironment } from '../adapters/console/node-cli-environment.js';
import { readBuildInfo } from '../adapters/system/build-info.js';
import { nodeRunEnvironment } from '../adapters/system/node-run-environment.js';
import { runAction } from '../app/action/run-action.js';
import { runPost } from '../app/action/run-post.js';
import { runCli } from '../app/cli.js';
import { actionMainDeps, actionPostDeps } from './action-deps.js';
import { maskedRuntime } from '../app/action/masked-runtime.js';
import { Masker } from '../core/secrets/masker.js';

export async function actionMain(): Promise<void> {
  await runAction(actionMainDeps());
}

export async function actionPost(): Promise<void> {
  await runPost(maskedRuntime(actionsRuntime(), new Masker()), actionPostDeps());
}

/** `distDir`: the launcher's dist/ folder, where the installation says which Shakedown it is. */
export async function cli(argv: string[], distDir?: string): Promise<number> {
  return runCli(argv, {
    ...nodeCliEnvironment(),
    run: nodeRunEnvironment(),
    build: () => readBuildInfo(distDir ?? process.cwd()),
  });
}
