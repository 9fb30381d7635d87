import { actionMainDeps } from './action-deps.js';
import { runAction } from '../app/action/run-action.js';

await runAction(actionMainDeps());
