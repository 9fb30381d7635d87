// The npm package as users get it: `npm pack` of this checkout, installed from the tarball into
// a clean prefix with an empty cache and no registry (the bundle needs no dependencies), then
// the installed `shakedown` prints its version and commit, validates, and runs a workflow on
// the real cluster, leaving nothing behind.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_ID } from '../../../src/core/engine/labels.js';
import { parseResults } from '../../../src/core/results/index.js';
import { connect, waitFor, type Cluster } from '../cluster/kube.js';
import { nodeEnv, packShakedown, ROOT, type Packed } from './packed-package.js';

let cluster: Cluster;
let packed: Packed;
let prefix: string;
let bin: string;

function shakedown(args: string[], cwd = ROOT) {
  return spawnSync(bin, args, { cwd, encoding: 'utf8', env: nodeEnv() });
}

beforeAll(async () => {
  // Fails, never skips, without a cluster: CI must not pass on a missing prerequisite.
  cluster = await connect();
  packed = packShakedown();
  prefix = mkdtempSync(join(tmpdir(), 'sd-prefix-'));
  execFileSync(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--offline',
      '--no-audit',
      '--no-fund',
      packed.path,
    ],
    { env: nodeEnv({ npm_config_cache: join(prefix, '.empty-cache') }), stdio: 'pipe' },
  );
  bin = join(prefix, 'bin/shakedown');
}, 180_000);

afterAll(async () => {
  if (prefix) await rm(prefix, { recursive: true, force: true });
  if (packed) await rm(join(packed.path, '..'), { recursive: true, force: true });
});

describe('the packed npm package', () => {
  it('holds only what runs: the bundle, its launcher, the schemas, README and LICENSE', () => {
    expect(packed.files).toEqual([
      'LICENSE',
      'README.md',
      'dist/COMMIT',
      'dist/cli/index.js',
      'dist/licenses.txt',
      'dist/package.json',
      'dist/shakedown.js',
      'package.json',
      'schema/results.schema.json',
      'schema/testworkflow.schema.json',
    ]);
  });

  it('is publishable and needs nothing installed beside it', () => {
    const m = packed.manifest;
    expect(m.private).toBeUndefined();
    expect(m.name).toBe('shakedown');
    expect(m.bin).toEqual({ shakedown: 'dist/cli/index.js' });
    expect(m.engines).toEqual({ node: '>=24' });
    expect(m.license).toBe('MIT');
    expect(m.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:/) });
    expect(m.dependencies).toBeUndefined();
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toContain(
      'Copyright (c) 2026 The Shakedown authors',
    );
  });

  it('prints its version and the commit it was packed from', () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        cwd: ROOT,
        encoding: 'utf8',
      }) !== '';
    const run = shakedown(['--version']);
    expect([run.status, run.stdout, run.stderr]).toEqual([
      0,
      `shakedown ${packed.manifest.version} (commit ${head}${dirty ? '-dirty' : ''})\n`,
      '',
    ]);
  });

  it('validates workflows, and reports bad ones with file:line:col', () => {
    const good = shakedown(['validate', 'examples/']);
    expect([good.status, good.stderr]).toEqual([
      0,
      expect.stringContaining('✓ examples/matrix.yaml'),
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'sd-packed-bad-'));
    const bad = ['apiVersion: testworkflows.testkube.io/v1', 'kind: TestWorkflow'];
    bad.push('metadata:', '  name: bad', 'spec:', '  steps:', '    - run:', '        image: 5');
    writeFileSync(join(dir, 'bad.yaml'), `${bad.join('\n')}\n`);
    const refused = shakedown(['validate', 'bad.yaml'], dir);
    rmSync(dir, { recursive: true, force: true });
    expect([refused.status, refused.stderr]).toEqual([
      1,
      'bad.yaml:8:16 spec.steps[0].run.image: must be a string\n✗ 1 problem in 1 file\n',
    ]);
  });

  it('runs a workflow in the cluster and cleans up after itself', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sd-packed-run-'));
    const runId = `pkg${Date.now().toString(36)}`;
    const child = spawn(
      bin,
      ['run', 'gitlab/examples/passing.yaml', '--out', out, '--run-id', runId],
      { cwd: ROOT, env: nodeEnv({ KUBECONFIG: cluster.kubeconfigPath }), stdio: 'pipe' },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect([code, stderr]).toEqual([0, expect.stringContaining('component-passing passed')]);
    const results = parseResults(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.status).toBe('passed');
    await rm(out, { recursive: true, force: true });
    await waitFor(`namespaces of run ${runId} gone`, 60_000, async () => {
      const list = await cluster.core.listNamespace({ labelSelector: `${RUN_ID}=${runId}` });
      return list.items.length === 0;
    });
  });
});
