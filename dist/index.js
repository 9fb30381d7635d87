import { actionMain } from './shakedown.js';

await actionMain();
