import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, kubeconfigSecrets } from '../../../../src/adapters/kubernetes/connect.js';

const KEY_PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEA\n-----END PRIVATE KEY-----';
const b64 = (text: string) => Buffer.from(text).toString('base64');

function kubeconfig(
  options: { current?: string; contexts?: string[]; server?: string; user?: string } = {},
): string {
  const contexts = options.contexts ?? ['dev', 'prod'];
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${options.current ?? contexts[0]}`,
    'clusters:',
    `- name: main`,
    `  cluster: {server: "${options.server ?? 'https://k8s.example:6443'}", certificate-authority-data: ${b64('CA')}}`,
    'users:',
    options.user ?? '- name: ci\n  user: {token: secret-token-123}',
    'contexts:',
    ...contexts.map(
      (name) => `- name: ${name}\n  context: {cluster: main, user: ci, namespace: ${name}}`,
    ),
  ].join('\n');
}

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'sd-kubeconfig-'));
}

function file(text: string, name = 'config'): string {
  const path = join(dir(), name);
  writeFileSync(path, text);
  return path;
}

describe('connect: where the kubeconfig comes from', () => {
  it('reads a file path, a YAML string and a base64 string alike', async () => {
    const text = kubeconfig();
    const fromFile = await connect({ kubeconfig: file(text), env: {} });
    const fromYaml = await connect({ kubeconfig: text, env: {} });
    const fromBase64 = await connect({ kubeconfig: `${b64(text)}\n`, env: {} });
    for (const connection of [fromFile, fromYaml, fromBase64]) {
      expect(connection).toMatchObject({ context: 'dev', server: 'https://k8s.example:6443' });
    }
    expect(fromFile.source).toMatch(/^file .*config$/);
    expect(fromYaml.source).toBe('kubeconfig input (YAML)');
    expect(fromBase64.source).toBe('kubeconfig input (base64)');
  });

  it('accepts base64 wrapped over several lines, as `base64` prints it', async () => {
    const wrapped = b64(kubeconfig()).replace(/(.{76})/g, '$1\n');
    expect(wrapped.split('\n').length).toBeGreaterThan(2);
    expect((await connect({ kubeconfig: wrapped, env: {} })).source).toBe(
      'kubeconfig input (base64)',
    );
  });

  it('expands ~ and resolves relative paths against cwd', async () => {
    const home = dir();
    mkdirSync(join(home, 'k'));
    writeFileSync(join(home, 'k', 'c.yaml'), kubeconfig());
    expect((await connect({ kubeconfig: '~/k/c.yaml', env: { HOME: home } })).context).toBe('dev');
    expect((await connect({ kubeconfig: 'k/c.yaml', cwd: home, env: {} })).context).toBe('dev');
  });

  it('merges a KUBECONFIG list as kubectl does: first definition wins, missing files skipped', async () => {
    const first = file(kubeconfig({ contexts: ['dev'], current: 'dev' }));
    const second = file(
      kubeconfig({
        contexts: ['dev', 'staging'],
        current: 'staging',
        server: 'https://other:6443',
      }),
    );
    const connection = await connect({
      env: { KUBECONFIG: `${first}:/nonexistent/config:${second}` },
    });
    expect(connection.context).toBe('dev');
    expect(connection.server).toBe('https://k8s.example:6443');
    expect(connection.config.getContexts().map((c) => c.name)).toEqual(['dev', 'staging']);
    expect(connection.source).toContain('KUBECONFIG=');
    await expect(connect({ env: { KUBECONFIG: '/nope/a:/nope/b' } })).rejects.toThrow(
      'kubeconfig: none of the files in KUBECONFIG=/nope/a:/nope/b exists',
    );
  });

  it('prefers the explicit input over KUBECONFIG over ~/.kube/config', async () => {
    const home = dir();
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), kubeconfig({ contexts: ['home'] }));
    const fromEnv = file(kubeconfig({ contexts: ['env'] }));
    expect((await connect({ env: { HOME: home } })).context).toBe('home');
    expect((await connect({ env: { HOME: home, KUBECONFIG: fromEnv } })).context).toBe('env');
    const explicit = kubeconfig({ contexts: ['explicit'] });
    expect(
      (await connect({ kubeconfig: explicit, env: { HOME: home, KUBECONFIG: fromEnv } })).context,
    ).toBe('explicit');
  });

  it('falls back to the in-cluster service account', async () => {
    const root = dir();
    const accountDir = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(accountDir, { recursive: true });
    writeFileSync(join(accountDir, 'token'), 'in-cluster-token-456');
    writeFileSync(join(accountDir, 'ca.crt'), 'CA');
    writeFileSync(join(accountDir, 'namespace'), 'ci');
    const env = {
      HOME: dir(),
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      KUBERNETES_SERVICE_PORT: '443',
    };
    const connection = await connect({ env, serviceAccountPrefix: root });
    expect(connection).toMatchObject({
      server: 'https://10.0.0.1:443',
      source: 'in-cluster service account',
    });
    expect(kubeconfigSecrets(connection.config)).toContain('in-cluster-token-456');
  });

  it('says where it looked when there is no configuration at all', async () => {
    await expect(connect({ env: { HOME: dir() } })).rejects.toThrow(
      /^kubeconfig: none found \(pass --kubeconfig/,
    );
  });
});

describe('connect: contexts and offline checks', () => {
  it('selects --context and names the available ones when it does not exist', async () => {
    const text = kubeconfig();
    expect((await connect({ kubeconfig: text, context: 'prod', env: {} })).context).toBe('prod');
    await expect(connect({ kubeconfig: text, context: 'x', env: {} })).rejects.toThrow(
      "kubeconfig: context 'x' not found; available: dev, prod (from kubeconfig input (YAML))",
    );
  });

  it('uses the only context when no current-context is set, and refuses to guess among several', async () => {
    const single = kubeconfig({ contexts: ['only'] }).replace('current-context: only', '');
    expect((await connect({ kubeconfig: single, env: {} })).context).toBe('only');
    const several = kubeconfig().replace('current-context: dev', '');
    await expect(connect({ kubeconfig: several, env: {} })).rejects.toThrow(
      'kubeconfig: no current-context is set and no context was chosen; available: dev, prod',
    );
  });

  it('names a context whose cluster or user is not defined', async () => {
    const noCluster = kubeconfig().replace(
      'cluster: main, user: ci, namespace: prod',
      'cluster: gone, user: ci',
    );
    await expect(connect({ kubeconfig: noCluster, context: 'prod', env: {} })).rejects.toThrow(
      "kubeconfig: context 'prod' refers to cluster 'gone', which is not defined; clusters: main",
    );
    const noUser = kubeconfig().replace(
      'cluster: main, user: ci, namespace: dev',
      'cluster: main, user: nobody',
    );
    await expect(connect({ kubeconfig: noUser, env: {} })).rejects.toThrow(
      "kubeconfig: context 'dev' refers to user 'nobody', which is not defined; users: ci",
    );
  });

  it('resolves certificate paths relative to the kubeconfig file and names a missing one', async () => {
    const user =
      '- name: ci\n  user: {client-certificate: certs/client.crt, client-key: certs/client.key}';
    const path = file(kubeconfig({ user }));
    await expect(connect({ kubeconfig: path, env: {} })).rejects.toThrow(
      `kubeconfig: user 'ci' names client-certificate '${join(path, '..', 'certs/client.crt')}', which does not exist`,
    );
    mkdirSync(join(path, '..', 'certs'));
    writeFileSync(join(path, '..', 'certs/client.crt'), 'CERT');
    writeFileSync(join(path, '..', 'certs/client.key'), KEY_PEM);
    const connection = await connect({ kubeconfig: path, env: {} });
    expect(kubeconfigSecrets(connection.config)).toEqual([KEY_PEM]);
  });

  it('refuses a certificate without a key, a server that is not a URL and plain HTTP without skip-verify', async () => {
    const certOnly = kubeconfig({
      user: `- name: ci\n  user: {client-certificate-data: ${b64('CERT')}}`,
    });
    await expect(connect({ kubeconfig: certOnly, env: {} })).rejects.toThrow(
      "user 'ci' has a client certificate but no client key",
    );
    await expect(
      connect({ kubeconfig: kubeconfig({ server: 'k8s:6443' }), env: {} }),
    ).rejects.toThrow("cluster 'main' has server 'k8s:6443' (expected an https:// URL)");
    await expect(
      connect({ kubeconfig: kubeconfig({ server: 'not a url' }), env: {} }),
    ).rejects.toThrow("cluster 'main' has server 'not a url', which is not a URL");
    await expect(
      connect({ kubeconfig: kubeconfig({ server: 'http://127.0.0.1:8001' }), env: {} }),
    ).rejects.toThrow('uses plain HTTP (http://127.0.0.1:8001)');
  });

  it('explains input that is neither a file, YAML nor base64 YAML without echoing long values', async () => {
    await expect(connect({ kubeconfig: './missing.yaml', env: {} })).rejects.toThrow(
      "kubeconfig: kubeconfig input is neither a file, YAML nor base64 YAML: no file './missing.yaml' exists",
    );
    const garbage = 'A'.repeat(300);
    const error = await connect({ kubeconfig: garbage, env: {} }).catch((e: Error) => e);
    expect((error as Error).message).toContain('(300 characters)');
    expect((error as Error).message).not.toContain('AAAA');
    await expect(
      connect({ kubeconfig: 'kind: Deployment\nmetadata: {name: x}', env: {} }),
    ).rejects.toThrow('a YAML mapping without clusters, contexts or users (keys: kind, metadata)');
    await expect(connect({ kubeconfig: 'clusters: [\n  {name: x', env: {} })).rejects.toThrow(
      /YAML error at line \d+, column \d+/,
    );
    // A blank input (an unset CI secret) counts as not given.
    await expect(connect({ kubeconfig: ' \n ', env: { HOME: dir() } })).rejects.toThrow(
      'kubeconfig: none found',
    );
  });

  it('names an invalid entry and where it came from', async () => {
    const broken = kubeconfig().replace('server: "https://k8s.example:6443", ', '');
    await expect(connect({ kubeconfig: broken, env: {} })).rejects.toThrow(
      'kubeconfig: kubeconfig input (YAML): clusters[0].cluster.server is missing',
    );
  });
});

describe('kubeconfigSecrets', () => {
  it('returns tokens, passwords, client keys (both encodings), exec env values and provider tokens', async () => {
    const users = [
      '- name: ci',
      '  user: {token: tok-abcdef}',
      '- name: basic',
      '  user: {username: admin, password: hunter2-pass}',
      '- name: cert',
      `  user: {client-certificate-data: ${b64('CERT')}, client-key-data: ${b64(KEY_PEM)}}`,
      '- name: plugin',
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1',
      '      command: aws-iam-authenticator',
      '      args: [token, -i, cluster]',
      '      env: [{name: AWS_SECRET_ACCESS_KEY, value: wJalrXUtnFEMIK7MDENG}, {name: AWS_REGION, value: eu-1}]',
      '- name: oidc',
      '  user: {auth-provider: {name: oidc, config: {id-token: eyJ-id-token, client-id: shakedown, refresh-token: r-token-9}}}',
    ].join('\n');
    const connection = await connect({ kubeconfig: kubeconfig({ user: users }), env: {} });
    const secrets = kubeconfigSecrets(connection.config);
    expect([...secrets].sort()).toEqual(
      [
        'tok-abcdef',
        'hunter2-pass',
        b64(KEY_PEM),
        KEY_PEM,
        'wJalrXUtnFEMIK7MDENG',
        'eyJ-id-token',
        'r-token-9',
      ].sort(),
    );
    // Longest first, so that masking in order never leaves a piece of a longer secret behind.
    expect(secrets.map((s) => s.length)).toEqual(
      [...secrets.map((s) => s.length)].sort((a, b) => b - a),
    );
  });

  it('accepts exec-plugin users as client-node supports them', async () => {
    const user =
      '- name: ci\n  user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: gke-gcloud-auth-plugin}}';
    const connection = await connect({ kubeconfig: kubeconfig({ user }), env: {} });
    expect(connection.config.getCurrentUser()?.exec.command).toBe('gke-gcloud-auth-plugin');
    const broken = '- name: ci\n  user: {exec: {apiVersion: client.authentication.k8s.io/v1}}';
    await expect(connect({ kubeconfig: kubeconfig({ user: broken }), env: {} })).rejects.toThrow(
      "user 'ci' has an exec credential plugin without a command",
    );
  });
});
