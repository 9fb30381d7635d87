// Bundles src/entry/programs.ts with ncc into dist/shakedown.js and writes the launchers the
// platforms start: dist/index.js (action main), dist/post/index.js (action post) and
// dist/cli/index.js (the `shakedown` command). One minified bundle keeps the committed dist/
// small: the Kubernetes client alone is ~20 MB unminified, and three bundles would ship it
// three times.
import ncc from '@vercel/ncc';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const launchers = {
  'dist/index.js': "import { actionMain } from './shakedown.js';\n\nawait actionMain();\n",
  'dist/post/index.js': "import { actionPost } from '../shakedown.js';\n\nawait actionPost();\n",
  // The version check comes before the bundle is loaded (a dynamic import), because on an
  // older Node the bundle fails while loading, with a stack trace that says nothing useful.
  'dist/cli/index.js': [
    '#!/usr/bin/env node',
    "import { fileURLToPath } from 'node:url';",
    '',
    "if (Number(process.versions.node.split('.')[0]) < 24) {",
    '  process.stderr.write(`shakedown needs Node.js 24 or later; this is Node.js ${process.version} (${process.execPath}).\\n`);',
    '  process.exit(2);',
    '}',
    "const { cli } = await import('../shakedown.js');",
    "process.exitCode = await cli(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)));",
    '',
  ].join('\n'),
};

const { code, assets } = await ncc(join(process.cwd(), 'src/entry/programs.ts'), {
  minify: true,
  sourceMap: false,
  quiet: true,
  license: 'licenses.txt',
});

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
writeFileSync('dist/shakedown.js', code);
for (const [name, asset] of Object.entries(assets ?? {})) {
  const target = join('dist', name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, asset.source);
}
for (const [path, text] of Object.entries(launchers)) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode: 0o755 });
}
writeFileSync('dist/package.json', '{ "type": "module" }\n');
console.log(`built dist/shakedown.js (${(code.length / 1e6).toFixed(1)} MB) and its launchers`);
