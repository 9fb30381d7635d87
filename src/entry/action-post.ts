import { actionsRuntime } from '../adapters/github/actions-runtime.js';
import { runPost } from '../app/action/run-post.js';
import { actionPostDeps } from './action-deps.js';

await runPost(actionsRuntime(), actionPostDeps());
