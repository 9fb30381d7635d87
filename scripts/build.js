// Bundles every entry with ncc. Each entry gets its own folder so that the action's main and
// post steps and the CLI ship as single ESM files with no node_modules next to them.
import ncc from '@vercel/ncc';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const entries = [
  { src: 'src/entry/action-main.ts', out: 'dist/index.js' },
  { src: 'src/entry/action-post.ts', out: 'dist/post/index.js' },
  { src: 'src/entry/cli.ts', out: 'dist/cli/index.js', banner: '#!/usr/bin/env node\n' },
];

for (const entry of entries) {
  const { code, assets } = await ncc(join(process.cwd(), entry.src), {
    minify: false,
    sourceMap: false,
    quiet: true,
    license: 'licenses.txt',
  });
  const outDir = dirname(entry.out);
  if (outDir !== 'dist') rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(entry.out, (entry.banner ?? '') + code, { mode: 0o755 });
  for (const [name, asset] of Object.entries(assets ?? {})) {
    const target = join(outDir, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, asset.source);
  }
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  console.log(`built ${entry.out}`);
}
