// `shakedown report <results.json>`: renders report.html beside the results (with the logs it
// finds there) and prints the chosen Markdown report; bad input is named.
import { describe, expect, it } from '@jest/globals';
import { reportCommand } from '../../../src/app/commands/report.js';
import { GITLAB_NOTE_LIMIT_CHARS, renderComment } from '../../../src/core/report/index.js';
import type { CliEnvironment } from '../../../src/ports/cli-environment.js';
import { MemorySink } from '../engine/memory-sink.js';
import { timedFailingRun } from './timed-runs.js';

async function report(args: string[], files: Record<string, string>) {
  const sink = new MemorySink();
  for (const [path, text] of Object.entries(files)) await sink.write(path, text);
  const folders: string[] = [];
  let stdout = '';
  let stderr = '';
  const env = {
    stdout: (t: string) => (stdout += t),
    stderr: (t: string) => (stderr += t),
    env: {},
    files: { readInputs: async () => [] },
    run: { output: (dir: string) => (folders.push(dir), sink) },
  } as unknown as CliEnvironment;
  const code = await reportCommand(args, env);
  return { code, stdout, stderr, sink, folders };
}

describe('shakedown report', () => {
  const run = timedFailingRun();
  const results = JSON.stringify(run);

  it('writes report.html beside results.json, logs included, and prints the Markdown', async () => {
    const log = run.steps[2]!.logFile!;
    const { code, stdout, stderr, sink, folders } = await report(
      ['--markdown', 'gitlab-note', 'out/run1/results.json'],
      { 'results.json': results, [log]: 'boom at the end\n' },
    );
    expect(code).toBe(0);
    expect(folders).toEqual(['out/run1']);
    expect(stdout).toBe(renderComment(run, { limit: GITLAB_NOTE_LIMIT_CHARS }));
    expect(stdout).toContain('```mermaid');
    const html = sink.text('report.html');
    expect(html).toContain('boom at the end');
    expect(html).toContain('<h2>Failed tests');
    expect(stderr).toBe('report: /out/report.html\n');
  });

  it.each([
    [['results.json'], {}, 'results.json: no such file'],
    [['results.json'], { 'results.json': '{"version":1}' }, 'not a Shakedown results file'],
    [['--markdown', 'pdf', 'results.json'], {}, '--markdown must be one of'],
    [[], {}, 'give one results.json file'],
  ])('refuses %j with a clear message', async (args, files, message) => {
    const { code, stderr, sink } = await report(args, files as Record<string, string>);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(sink.files.has('report.html')).toBe(false);
  });
});
