// A container that prints without a newline (a `\r` progress bar): 32 MB on one line, in 64 KiB
// chunks, through the engine's LineBuffer. Before the fix the line was re-joined on every chunk
// (quadratic: 26 s for 32 MB); now the pieces are joined once and the line is cut at its cap,
// so the time per MB stays flat as the line grows.
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from './lib/core.js';
import { printTable, verdict } from './lib/harness.js';

ensureBuilt();
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { LineBuffer, MAX_LINE_CHARS } = await import(
  pathToFileURL(join(repo, 'node_modules/.cache/shakedown-bench/src/core/engine/log-lines.js')).href
);

const MB = 1024 * 1024;
const frame = '\r[=====>    ] 42% 1.2 MB/s';
const chunk = frame.repeat(Math.ceil((64 * 1024) / frame.length));

function once(megabytes) {
  const buffer = new LineBuffer();
  const started = performance.now();
  let lines = [];
  for (let size = 0; size < megabytes * MB; size += chunk.length) lines = buffer.push(chunk);
  lines = [...lines, ...buffer.push('\n')];
  const ms = performance.now() - started;
  if (lines.length !== 1 || lines[0].length < MAX_LINE_CHARS) throw new Error('line not cut');
  return ms;
}

console.log(
  `\nLineBuffer: one line without a newline, 64 KiB chunks, cap ${MAX_LINE_CHARS} characters\n`,
);
const rows = [];
let perMb = [];
for (const megabytes of [1, 8, 32]) {
  once(megabytes); // warm-up
  const ms = Math.min(once(megabytes), once(megabytes), once(megabytes));
  perMb.push(ms / megabytes);
  rows.push([`${megabytes} MB`, `${ms.toFixed(1)} ms`, `${(ms / megabytes).toFixed(2)} ms/MB`]);
}
printTable(['input', 'time (best of 3)', 'per MB'], rows);
const growth = perMb[2] / perMb[0];
verdict(
  `32 MB single line in ${rows[2][1]}; per-MB time 32 MB vs 1 MB: ${growth.toFixed(2)}× (linear ≈ 1×, quadratic ≈ 32×)`,
);
