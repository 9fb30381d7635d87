// Steps that run their image's own entrypoint, end to end: the bundled CLI reads the image
// config from the local cluster's registry (hack/cluster: anonymous at $SHAKEDOWN_REGISTRY,
// basic auth at $SHAKEDOWN_AUTH_REGISTRY), the kubelet pulls from the same registry, and the
// step's output shows Entrypoint + args. Without the registry these tests fail, never skip.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubePort } from '../../../src/ports/kube.js';
import { clusterOrFail, EXAMPLES, leftovers, newRunId, runCli, type CliRun } from './run-cli.js';

const NAMES = [
  'SHAKEDOWN_REGISTRY',
  'SHAKEDOWN_AUTH_REGISTRY',
  'SHAKEDOWN_AUTH_REGISTRY_USER',
  'SHAKEDOWN_AUTH_REGISTRY_PASSWORD',
] as const;

function registryEnv(): Record<(typeof NAMES)[number], string> {
  const missing = NAMES.filter((n) => !process.env[n]);
  if (missing.length > 0)
    throw new Error(
      `${missing.join(', ')} not set (CI=${process.env.CI ?? 'unset'}): start the local cluster with its registry: eval "$(npm run -s cluster:up)"`,
    );
  return Object.fromEntries(NAMES.map((n) => [n, process.env[n]!])) as Record<
    (typeof NAMES)[number],
    string
  >;
}

let kube: KubePort;
let reg: ReturnType<typeof registryEnv>;
const namespaces: string[] = [];

beforeAll(async () => {
  reg = registryEnv();
  ({ kube } = await clusterOrFail());
});

afterAll(async () => {
  for (const ns of namespaces) await kube.deleteNamespace(ns, 60_000).catch(() => {});
});

/** Every text the run wrote: stderr and each file of its output directory. */
function everything(run: CliRun): string {
  const texts = [run.stderr];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else texts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(run.out);
  return texts.join('\n');
}

describe('steps that run their image entrypoint (bundled CLI, real cluster and registry)', () => {
  it('reads Entrypoint and Cmd from the registry and runs them with args, images pulled Always', async () => {
    // A cache of its own: what earlier runs on this machine read would make this lookup warm.
    const cache = mkdtempSync(join(tmpdir(), 'shakedown-cache-'));
    const run = await runCli(
      [join(EXAMPLES, 'image-entrypoint.yaml'), '--config', `registry=${reg.SHAKEDOWN_REGISTRY}`],
      { env: { SHAKEDOWN_CACHE_DIR: cache } },
    );
    // Two images are read (the demo and busybox), one entry each.
    expect(readdirSync(join(cache, 'images'))).toHaveLength(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `ℹ ${reg.SHAKEDOWN_REGISTRY.replace(/[.]/g, '\\.')}/shakedown/entrypoint-demo:1: runs its entrypoint \\[.+\\] \\(sha256:[0-9a-f]{12}…, [23] registry requests\\)`,
      ),
    );
    // Two steps of one image: one lookup.
    expect(run.stderr.match(/entrypoint-demo:1: runs its entrypoint/g)).toHaveLength(1);
    expect(run.code).toBe(0);
    const results = run.results();
    expect(results.steps.map((s) => [s.name, s.status, s.exitCode])).toEqual([
      ['entrypoint and args', 'passed', 0],
      ['entrypoint and cmd', 'passed', 0],
      ['busybox cmd', 'passed', 0],
    ]);
    // The demo image: ENTRYPOINT ["/bin/sh","-c","echo \"entrypoint args: $*\"","--"], CMD ["from-image-cmd"].
    expect(run.file('logs/entrypoint_and_args.log')).toBe('entrypoint args: hello from args\n');
    expect(run.file('logs/entrypoint_and_cmd.log')).toBe('entrypoint args: from-image-cmd\n');
    expect(run.file('logs/busybox_cmd.log')).toBe('busybox says hi\n');
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('reads and pulls an image behind basic auth with the imagePullSecret of the run namespace', async () => {
    const ns = `e2e-pull-${newRunId()}`;
    namespaces.push(ns);
    await kube.createNamespace(ns, {}, {});
    const auth = Buffer.from(
      `${reg.SHAKEDOWN_AUTH_REGISTRY_USER}:${reg.SHAKEDOWN_AUTH_REGISTRY_PASSWORD}`,
    ).toString('base64');
    await kube.create({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      metadata: { name: 'regcred', namespace: ns },
      stringData: {
        '.dockerconfigjson': JSON.stringify({ auths: { [reg.SHAKEDOWN_AUTH_REGISTRY]: { auth } } }),
      },
    });
    const run = await runCli([
      join(EXAMPLES, 'private-registry.yaml'),
      '--config',
      `registry=${reg.SHAKEDOWN_AUTH_REGISTRY}`,
      '--namespace',
      ns,
    ]);
    expect(run.stderr).toContain('shakedown/entrypoint-demo:1: runs its entrypoint');
    expect(run.code).toBe(0);
    expect(run.file('logs/private_entrypoint.log')).toBe('entrypoint args: from behind a login\n');
    const all = everything(run);
    expect(all).not.toContain(reg.SHAKEDOWN_AUTH_REGISTRY_PASSWORD);
    expect(all).not.toContain(auth);
    expect(await leftovers(kube, run.runId, ns)).toEqual([]);
  });

  it('refuses before creating anything when the registry wants a login it was not given', async () => {
    // An empty docker config, so that no local login stands in for the missing Secret.
    const run = await runCli(
      [
        join(EXAMPLES, 'private-registry.yaml'),
        '--config',
        `registry=${reg.SHAKEDOWN_AUTH_REGISTRY}`,
      ],
      { env: { DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'no-docker-config-')) } },
    );
    expect(run.code).toBe(2);
    const image = `${reg.SHAKEDOWN_AUTH_REGISTRY}/shakedown/entrypoint-demo:1`;
    expect(run.stderr).toContain(
      `cannot read the entrypoint of image '${image}' of spec.steps[0] ('private entrypoint') from ${reg.SHAKEDOWN_AUTH_REGISTRY}: ${reg.SHAKEDOWN_AUTH_REGISTRY} answered 401`,
    );
    expect(run.stderr).toContain("imagePullSecret 'regcred' is not in namespace");
    expect(run.stderr).toContain('give run.command (or shell) to run without reading the image');
    expect(run.stderr).not.toContain(reg.SHAKEDOWN_AUTH_REGISTRY_PASSWORD);
    expect(run.stderr).not.toMatch(/created namespace|▶ private-registry: run/);
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });
});
