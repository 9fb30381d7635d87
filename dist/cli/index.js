#!/usr/bin/env node
import { fileURLToPath } from 'node:url';

if (Number(process.versions.node.split('.')[0]) < 24) {
  process.stderr.write(`shakedown needs Node.js 24 or later; this is Node.js ${process.version} (${process.execPath}).\n`);
  process.exit(2);
}
const { cli } = await import('../shakedown.js');
process.exitCode = await cli(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)));
