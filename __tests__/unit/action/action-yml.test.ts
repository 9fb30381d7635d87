// action.yml is the action's public contract: it must declare exactly the inputs the input helper
// reads and the outputs the action sets, each described, and start the bundles the build makes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Inputs, Outputs } from '../../../src/app/action/constants.js';

interface ActionYml {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: Record<string, string>;
  branding: Record<string, string>;
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml;

describe('action.yml', () => {
  it('runs the bundled main and post steps on node24, the post step always', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post/index.js',
      'post-if': 'always()',
    });
    expect(action.branding.icon).toBeTruthy();
  });

  it('declares exactly the inputs and outputs the code uses, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort());
    for (const item of [...Object.values(action.inputs), ...Object.values(action.outputs)]) {
      expect(item.description.length).toBeGreaterThan(20);
    }
  });

  it('defaults as documented in the issue', () => {
    expect(action.inputs.workflow!.default).toBe('.shakedown/');
    expect(action.inputs['github-token']!.default).toBe('${{ github.token }}');
    expect(action.inputs.comment!.default).toBe('always');
  });
});

describe('scripts/action-docs.js', () => {
  const script = join(process.cwd(), 'scripts/action-docs.js');
  const doc = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-docs-'));
    writeFileSync(join(dir, 'action.yml'), readFileSync('action.yml'));
    const file = join(dir, 'README.md');
    writeFileSync(file, '# X\n\n<!-- action-docs:outputs -->\nold\n<!-- action-docs:end -->\n');
    return { dir, file };
  };
  const run = (dir: string, ...args: string[]) =>
    execFileSync(process.execPath, [script, ...args], { cwd: dir, stdio: 'pipe' });

  it('fails --check while the table is stale, then writes it so --check passes', () => {
    const { dir, file } = doc();
    expect(() => run(dir, '--check', file)).toThrow(/differ from action.yml/);
    run(dir, file);
    expect(readFileSync(file, 'utf8')).toContain('| `check-run-url` |');
    expect(() => run(dir, '--check', file)).not.toThrow();
  });
});
