import { actionPost } from '../shakedown.js';

await actionPost();
