// The registry adapter against a registry served on 127.0.0.1: media types, indexes, the
// three auth modes, errors and bounds, request counts, and planted secrets in no output.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configCacheDirectory,
  FileConfigCache,
} from '../../../src/adapters/registry/config-cache.js';
import { RegistryImageConfig } from '../../../src/adapters/registry/registry-image-config.js';
import { ImageConfigError, type RegistryCredential } from '../../../src/ports/image-config.js';
import { FakeRegistry, type AuthMode } from '../../support/registry-fake-server.js';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const K6 = {
  Entrypoint: ['k6'],
  Cmd: ['help'],
  WorkingDir: '/home/k6',
  User: '12345',
  Env: ['PATH=/usr/bin'],
};

let servers: FakeRegistry[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

async function cacheFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'shakedown-image-cache-'));
  folders.push(folder);
  return folder;
}

async function registry(auth: AuthMode = 'anonymous'): Promise<FakeRegistry> {
  const server = await new FakeRegistry(auth).start();
  servers.push(server);
  return server;
}

const login = (r: FakeRegistry, password = r.login.password): RegistryCredential => ({
  registry: r.host,
  username: r.login.username,
  password,
  source: "imagePullSecret 'regcred'",
});

async function failure(promise: Promise<unknown>): Promise<ImageConfigError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ImageConfigError);
    return error as ImageConfigError;
  }
  throw new Error('expected the lookup to fail');
}

describe('RegistryImageConfig', () => {
  it.each([
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
  ])('reads the config of a %s image anonymously in two requests', async (mediaType) => {
    const r = await registry();
    const digest = r.image('grafana/k6', '0.49.0', { mediaType, config: K6 });
    const config = await new RegistryImageConfig().resolve(`${r.host}/grafana/k6:0.49.0`, {
      credentials: [],
      platform: AMD64,
    });
    expect(config).toEqual({
      digest,
      resolvedDigest: digest,
      entrypoint: ['k6'],
      cmd: ['help'],
      workingDir: '/home/k6',
      user: '12345',
      env: ['PATH=/usr/bin'],
      requests: 2,
    });
    expect(r.requests.map((q) => q.path)).toEqual([
      '/v2/grafana/k6/manifests/0.49.0',
      expect.stringMatching(/^\/v2\/grafana\/k6\/blobs\/sha256:/),
    ]);
    expect(r.requests.every((q) => q.authorization === undefined)).toBe(true);
  });

  it.each([true, false])('picks the platform from an index (OCI: %s)', async (oci) => {
    const r = await registry();
    const amd = r.image('app', 'amd', { config: { Entrypoint: ['/amd'] } });
    const arm = r.image('app', 'arm', { config: { Entrypoint: ['/arm64'] } });
    const armv7 = r.image('app', 'armv7', { config: { Entrypoint: ['/armv7'] } });
    r.index(
      'app',
      '1',
      [
        { digest: armv7, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
        { digest: amd, platform: { os: 'linux', architecture: 'amd64' } },
        { digest: arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        { digest: amd, platform: { os: 'unknown', architecture: 'unknown' } },
      ],
      oci,
    );
    const port = new RegistryImageConfig();
    const arm64 = await port.resolve(`${r.host}/app:1`, {
      credentials: [],
      platform: { os: 'linux', architecture: 'arm64' },
    });
    expect(arm64).toMatchObject({
      digest: arm,
      entrypoint: ['/arm64'],
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      requests: 3,
    });
    const v7 = await port.resolve(`${r.host}/app:1`, {
      credentials: [],
      platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
    });
    expect(v7.entrypoint).toEqual(['/armv7']);
    const missing = await failure(
      port.resolve(`${r.host}/app:1`, {
        credentials: [],
        platform: { os: 'windows', architecture: 'amd64' },
      }),
    );
    expect(missing.message).toBe(
      'the image has no manifest for windows/amd64 (it has linux/arm/v7, linux/amd64, linux/arm64/v8)',
    );
  });

  it('reads an image by digest, and a config shared by two tags once', async () => {
    const r = await registry();
    const digest = r.image('app', 'a', { config: K6 });
    r.image('app', 'b', { config: K6 });
    const port = new RegistryImageConfig();
    const byDigest = await port.resolve(`${r.host}/app@${digest}`, {
      credentials: [],
      platform: AMD64,
    });
    expect(byDigest).toMatchObject({ digest, entrypoint: ['k6'], requests: 2 });
    const again = await port.resolve(`${r.host}/app:b`, { credentials: [], platform: AMD64 });
    expect(again.requests).toBe(1);
    expect(r.requests).toHaveLength(3);
  });

  it('answers a bearer challenge with the scope, with the login, and reuses the realm', async () => {
    const r = await registry('bearer');
    r.image('team/a', '1', { config: K6 });
    r.image('team/b', '1', { config: { Cmd: ['b'] } });
    const port = new RegistryImageConfig();
    const a = await port.resolve(`${r.host}/team/a:1`, {
      credentials: [login(r)],
      platform: AMD64,
    });
    expect(a).toMatchObject({ entrypoint: ['k6'], requests: 4 });
    expect(r.requests.map((q) => q.path)).toEqual([
      '/v2/team/a/manifests/1',
      '/token?service=fake-registry&scope=repository%3Ateam%2Fa%3Apull',
      '/v2/team/a/manifests/1',
      expect.stringMatching(/^\/v2\/team\/a\/blobs\//),
    ]);
    // The next repository of the same registry skips the 401.
    const b = await port.resolve(`${r.host}/team/b:1`, {
      credentials: [login(r)],
      platform: AMD64,
    });
    expect(b).toMatchObject({ cmd: ['b'], requests: 3 });
    expect(r.requests[4]!.path).toMatch(/^\/token\?.*team%2Fb/);
  });

  it('gets an anonymous bearer token for a public image', async () => {
    const r = await registry('bearer');
    r.publicTokens = true;
    r.image('library/busybox', '1.36', { config: { Cmd: ['sh'] } });
    const config = await new RegistryImageConfig().resolve(`${r.host}/library/busybox:1.36`, {
      credentials: [],
      platform: AMD64,
    });
    expect(config).toMatchObject({ cmd: ['sh'], requests: 4 });
    expect(r.requests[1]!.authorization).toBeUndefined();
  });

  it('sends basic credentials after a Basic challenge, and picks the login by registry', async () => {
    const r = await registry('basic');
    r.image('app', '1', { config: K6 });
    const other = { ...login(r), registry: 'ghcr.io', password: 'not-this-one' };
    const config = await new RegistryImageConfig().resolve(`${r.host}/app:1`, {
      credentials: [other, login(r)],
      platform: AMD64,
    });
    expect(config).toMatchObject({ entrypoint: ['k6'], requests: 3 });
    expect(r.requests.map((q) => q.authorization?.split(' ')[0])).toEqual([
      undefined,
      'Basic',
      'Basic',
    ]);
  });

  it('uses logins of the local docker config after the pull secrets', async () => {
    const r = await registry('basic');
    r.image('app', '1', { config: K6 });
    const port = new RegistryImageConfig({
      localAuths: async () => ({
        credentials: [{ ...login(r), source: '/home/u/.docker/config.json' }],
        helpers: [],
        skipped: [],
      }),
    });
    expect(
      (await port.resolve(`${r.host}/app:1`, { credentials: [], platform: AMD64 })).entrypoint,
    ).toEqual(['k6']);
  });

  describe('errors name the registry and the status, and never a secret', () => {
    const planted = (r: FakeRegistry) => [
      r.login.password,
      r.token,
      Buffer.from(`${r.login.username}:${r.login.password}`).toString('base64'),
    ];
    const clean = (r: FakeRegistry, e: Error) => {
      for (const secret of planted(r)) expect(`${e.message}\n${e.stack}`).not.toContain(secret);
    };

    it('404', async () => {
      const r = await registry();
      const e = await failure(
        new RegistryImageConfig().resolve(`${r.host}/nope:1`, { credentials: [], platform: AMD64 }),
      );
      expect(e).toMatchObject({ registry: r.host, status: 404 });
      expect(e.message).toBe(
        `${r.host} answered 404 (MANIFEST_UNKNOWN manifest unknown) for the manifest of nope:1: no such repository, tag or digest`,
      );
    });

    it('401 without a login, naming where logins were looked for and the credential helper', async () => {
      const r = await registry('basic');
      r.image('app', '1', { config: K6 });
      const port = new RegistryImageConfig({
        localAuths: async () => ({
          credentials: [],
          helpers: [{ registry: '*', helper: 'desktop' }],
          skipped: [],
        }),
      });
      const e = await failure(
        port.resolve(`${r.host}/app:1`, { credentials: [], platform: AMD64 }),
      );
      expect(e.status).toBe(401);
      expect(e.message).toMatch(
        new RegExp(
          `^${r.host} answered 401 \\(UNAUTHORIZED authentication required\\) for the manifest of app:1: the image needs a login and no login for ${r.host} was found; the docker credential helper 'desktop' may hold it, but Shakedown does not run credential helpers`,
        ),
      );
    });

    it('401 with a wrong login (basic and bearer), naming its source only', async () => {
      for (const mode of ['basic', 'bearer'] as const) {
        const r = await registry(mode);
        r.image('app', '1', { config: K6 });
        const wrong = login(r, 'wrong-pa55word-planted');
        const e = await failure(
          new RegistryImageConfig().resolve(`${r.host}/app:1`, {
            credentials: [wrong],
            platform: AMD64,
          }),
        );
        expect(e.message).toContain("refused the login from imagePullSecret 'regcred'");
        expect(e.message).not.toContain('wrong-pa55word-planted');
        clean(r, e);
      }
    });

    it('500 on the config blob', async () => {
      const r = await registry('bearer');
      r.image('app', '1', { config: K6 });
      const port = new RegistryImageConfig();
      const manifest = await port.resolve(`${r.host}/app:1`, {
        credentials: [login(r)],
        platform: AMD64,
      });
      r.fail.set(r.requests.at(-1)!.path, 500);
      const fresh = new RegistryImageConfig();
      const e = await failure(
        fresh.resolve(`${r.host}/app:1`, { credentials: [login(r)], platform: AMD64 }),
      );
      expect(manifest.entrypoint).toEqual(['k6']);
      expect(e).toMatchObject({ status: 500 });
      expect(e.message).toBe(
        `${r.host} answered 500 (BOOM failing with 500) for the config blob of app`,
      );
      clean(r, e);
    });

    it('a registry that does not answer in time, and one that is not there', async () => {
      const r = await registry();
      r.hang.add('/v2/slow/manifests/1');
      const e = await failure(
        new RegistryImageConfig({ timeoutMs: 300 }).resolve(`${r.host}/slow:1`, {
          credentials: [],
          platform: AMD64,
        }),
      );
      expect(e.message).toBe(`${r.host}: no answer within 0.3 s (reading the manifest of slow:1)`);
      const closed = await registry();
      const host = closed.host;
      await closed.stop();
      const gone = await failure(
        new RegistryImageConfig().resolve(`${host}/app:1`, {
          credentials: [],
          platform: AMD64,
        }),
      );
      expect(gone.message).toBe(
        `${host}: cannot connect (ECONNREFUSED) (reading the manifest of app:1)`,
      );
      expect(gone.registry).toBe(host);
    });

    it('an oversize manifest', async () => {
      const r = await registry();
      r.oversize.set('/v2/big/manifests/1', (4 << 20) + 1);
      const e = await failure(
        new RegistryImageConfig().resolve(`${r.host}/big:1`, { credentials: [], platform: AMD64 }),
      );
      expect(e.message).toBe(
        `${r.host}: the answer is larger than 4194304 bytes (reading the manifest of big:1)`,
      );
    });

    it('an invalid reference', async () => {
      const e = await failure(
        new RegistryImageConfig().resolve('Bad/Name', { credentials: [], platform: AMD64 }),
      );
      expect(e.message).toMatch(
        /^'Bad\/Name' is not an image reference: 'Bad' is not a valid repository name/,
      );
    });
  });

  describe('the on-disk cache of earlier runs', () => {
    it('makes a warm lookup of a tag one request, and of a digest none', async () => {
      const r = await registry();
      const amd = r.image('app', 'amd', { config: K6 });
      const arm = r.image('app', 'arm', { config: { Entrypoint: ['/arm64'] } });
      const index = r.index('app', '1', [
        { digest: amd, platform: { os: 'linux', architecture: 'amd64' } },
        { digest: arm, platform: { os: 'linux', architecture: 'arm64' } },
      ]);
      const folder = await cacheFolder();
      const run = () => new RegistryImageConfig({ cache: new FileConfigCache(folder) });
      const cold = await run().resolve(`${r.host}/app:1`, { credentials: [], platform: AMD64 });
      expect(cold).toMatchObject({ digest: amd, resolvedDigest: index, requests: 3 });
      const warm = await run().resolve(`${r.host}/app:1`, { credentials: [], platform: AMD64 });
      expect(warm).toEqual({ ...cold, requests: 1 });
      const pinned = await run().resolve(`${r.host}/app@${index}`, {
        credentials: [],
        platform: AMD64,
      });
      expect(pinned).toEqual({ ...cold, requests: 0 });
      // Another platform of the same index is another entry, read from the registry.
      const other = await run().resolve(`${r.host}/app:1`, {
        credentials: [],
        platform: { os: 'linux', architecture: 'arm64' },
      });
      expect(other).toMatchObject({ digest: arm, entrypoint: ['/arm64'], requests: 3 });
      expect(r.requests).toHaveLength(3 + 1 + 0 + 3);
    });

    it('misses when the tag moved, and treats a damaged entry as a miss', async () => {
      const r = await registry();
      r.image('app', '1', { config: K6 });
      const folder = await cacheFolder();
      const run = () => new RegistryImageConfig({ cache: new FileConfigCache(folder) });
      await run().resolve(`${r.host}/app:1`, { credentials: [], platform: AMD64 });
      const moved = r.image('app', '1', { config: { Entrypoint: ['/moved'] } });
      const after = await run().resolve(`${r.host}/app:1`, { credentials: [], platform: AMD64 });
      expect(after).toMatchObject({ digest: moved, entrypoint: ['/moved'], requests: 2 });
      const files = await readdir(folder);
      expect(files).toHaveLength(2);
      for (const file of files) await writeFile(join(folder, file), '{"digest": 1');
      const repaired = await run().resolve(`${r.host}/app:1`, {
        credentials: [],
        platform: AMD64,
      });
      expect(repaired).toMatchObject({ entrypoint: ['/moved'], requests: 2 });
    });

    it('keeps no login or token in its entries', async () => {
      const r = await registry('bearer');
      r.image('private/app', '1', { config: K6 });
      const folder = await cacheFolder();
      const port = new RegistryImageConfig({ cache: new FileConfigCache(folder) });
      await port.resolve(`${r.host}/private/app:1`, { credentials: [login(r)], platform: AMD64 });
      const [file] = await readdir(folder);
      const text = await readFile(join(folder, file!), 'utf8');
      expect(text).toContain('"entrypoint":["k6"]');
      expect(text).not.toContain(r.login.password);
      expect(text).not.toContain(r.token);
    });

    it('lives under SHAKEDOWN_CACHE_DIR, XDG_CACHE_HOME or ~/.cache, and can be turned off', () => {
      expect(configCacheDirectory({ SHAKEDOWN_CACHE_DIR: '/c', HOME: '/h' })).toBe('/c/images');
      expect(configCacheDirectory({ SHAKEDOWN_CACHE_DIR: 'off', HOME: '/h' })).toBeUndefined();
      expect(configCacheDirectory({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe(
        '/x/shakedown/images',
      );
      expect(configCacheDirectory({ HOME: '/h' })).toBe('/h/.cache/shakedown/images');
      expect(configCacheDirectory({})).toBeUndefined();
    });
  });
});
