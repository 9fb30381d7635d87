// docs/rbac.md applied as it is, for a service account with no other rights: a run in a fresh
// namespace binds ClusterRole shakedown-run there and passes; a run with --namespace passes with
// the Role alone; an identity without them is refused with the manifests that fit the mode.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubePort } from '../../../src/ports/kube.js';
import { clusterOrFail, EXAMPLES, leftovers, ROOT, runCli } from './run-cli.js';

const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const DOC = readFileSync(join(ROOT, 'docs/rbac.md'), 'utf8');
const CI_NAMESPACE = 'shakedown-ci';
const TESTS_NAMESPACE = 'shakedown-tests';

function blockAfter(heading: string): string {
  const match = /```yaml\n([\s\S]*?)```/.exec(DOC.slice(DOC.indexOf(heading)));
  if (!match) throw new Error(`docs/rbac.md: no yaml block after ${heading}`);
  return match[1]!;
}

function kubectl(kubeconfig: string, args: string[], input?: string): string {
  return execFileSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** A kubeconfig for a service account of shakedown-ci, by a short-lived token. */
function serviceAccountKubeconfig(admin: string, account: string): string {
  kubectl(
    admin,
    ['apply', '-f', '-'],
    `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${account}, namespace: ${CI_NAMESPACE}}\n`,
  );
  const token = kubectl(admin, [
    '-n',
    CI_NAMESPACE,
    'create',
    'token',
    account,
    '--duration',
    '1h',
  ]).trim();
  const view = JSON.parse(
    kubectl(admin, ['config', 'view', '--raw', '--minify', '-o', 'json']),
  ) as {
    clusters: { name: string; cluster: Record<string, unknown> }[];
  };
  const cluster = view.clusters[0]!;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster],
    users: [{ name: account, user: { token } }],
    contexts: [{ name: account, context: { cluster: cluster.name, user: account } }],
    'current-context': account,
  };
  const path = join(mkdtempSync(join(tmpdir(), 'sd-rbac-')), 'kubeconfig');
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}

describe('docs/rbac.md on the real cluster', () => {
  let kube: KubePort;
  let admin: string;
  beforeAll(async () => {
    ({ kube, kubeconfig: admin } = await clusterOrFail());
    for (const ns of [CI_NAMESPACE, TESTS_NAMESPACE])
      kubectl(
        admin,
        ['apply', '-f', '-'],
        `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}\n`,
      );
    kubectl(admin, ['apply', '-f', '-'], blockAfter('## Fresh namespaces'));
    kubectl(admin, ['apply', '-f', '-'], blockAfter('## An existing namespace'));
  });
  afterAll(() => {
    kubectl(
      admin,
      ['delete', '--ignore-not-found', '--wait=false', '-f', '-'],
      blockAfter('## Fresh namespaces'),
    );
    for (const ns of [CI_NAMESPACE, TESTS_NAMESPACE])
      kubectl(admin, ['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
  });

  it('runs in a fresh namespace with the fresh-namespace manifests alone', async () => {
    const config = serviceAccountKubeconfig(admin, 'shakedown');
    const run = await runCli([join(EXAMPLES, 'files-and-data.yaml'), '--kubeconfig', config]);
    expect(run.stderr).not.toContain('lack');
    expect(run.code === 0 ? '' : run.stderr).toBe('');
    expect(run.results().status).toBe('passed');
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('runs in an existing namespace with the Role alone', async () => {
    const config = serviceAccountKubeconfig(admin, 'shakedown');
    // The ClusterRoleBinding is not what lets this run: take it away for the run.
    kubectl(admin, ['delete', 'clusterrolebinding', 'shakedown-namespaces', '--ignore-not-found']);
    try {
      const run = await runCli([
        join(EXAMPLES, 'files-and-data.yaml'),
        '--kubeconfig',
        config,
        '--namespace',
        TESTS_NAMESPACE,
      ]);
      expect(run.code === 0 ? '' : run.stderr).toBe('');
      expect(await leftovers(kube, run.runId, TESTS_NAMESPACE)).toEqual([]);
    } finally {
      kubectl(admin, ['apply', '-f', '-'], blockAfter('## Fresh namespaces'));
    }
  });

  it('refuses an identity without them, printing the fixed manifests of the mode', async () => {
    const config = serviceAccountKubeconfig(admin, 'nobody');
    const fresh = await runCli([join(EXAMPLES, 'files-and-data.yaml'), '--kubeconfig', config]);
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toContain('may not run in a fresh namespace');
    expect(fresh.stderr).toContain('name: shakedown-run');
    expect(fresh.stderr).not.toContain(fresh.runId);
    const existing = await runCli([
      join(EXAMPLES, 'files-and-data.yaml'),
      '--kubeconfig',
      config,
      '--namespace',
      TESTS_NAMESPACE,
    ]);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toMatch(/kind: Role\n[\s\S]*namespace: shakedown-tests/);
    expect(existing.stderr).toContain('system:serviceaccount:shakedown-ci:nobody');
  });
});
