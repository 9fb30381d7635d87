import { describe, expect, it } from '@jest/globals';
import {
  normaliseRegistry,
  parseRegistryAuths,
  pullSecretAuths,
} from '../../../src/core/engine/registry-auths.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('registry logins', () => {
  it('normalises the keys docker and the kubelet use', () => {
    expect(normaliseRegistry('https://index.docker.io/v1/')).toBe('docker.io');
    expect(normaliseRegistry('registry-1.docker.io')).toBe('docker.io');
    expect(normaliseRegistry('GHCR.io/org')).toBe('ghcr.io');
    expect(normaliseRegistry('http://127.0.0.1:5001')).toBe('127.0.0.1:5001');
  });

  it('reads auths with auth or username/password, names helpers and unusable entries', () => {
    const text = JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('ann:s3cret:with:colons') },
        'ghcr.io': { username: 'bob', password: 'ghp_x' },
        'quay.io': { identitytoken: 'idtok-planted' },
        'empty.io': {},
      },
      credsStore: 'desktop',
      credHelpers: { 'gcr.io': 'gcloud' },
    });
    const auths = parseRegistryAuths(text, 'config', '/h/.docker/config.json');
    expect(auths.credentials).toEqual([
      {
        registry: 'docker.io',
        username: 'ann',
        password: 's3cret:with:colons',
        source: '/h/.docker/config.json',
      },
      { registry: 'ghcr.io', username: 'bob', password: 'ghp_x', source: '/h/.docker/config.json' },
    ]);
    expect(auths.helpers).toEqual([
      { registry: '*', helper: 'desktop' },
      { registry: 'gcr.io', helper: 'gcloud' },
    ]);
    expect(auths.skipped).toEqual([
      "/h/.docker/config.json: entry 'quay.io' holds an identitytoken (an OAuth refresh token), which Shakedown does not use; give a username and password or token",
      "/h/.docker/config.json: entry 'empty.io' holds no auth, username or password",
    ]);
    expect(JSON.stringify(auths.skipped)).not.toContain('idtok-planted');
  });

  it('reads both pull Secret types, from data and stringData', () => {
    const json = JSON.stringify({ auths: { 'r.io': { auth: b64('u:p') } } });
    const cfg = JSON.stringify({ 'r.io': { username: 'u', password: 'p', email: 'x@y' } });
    const want = [
      { registry: 'r.io', username: 'u', password: 'p', source: "imagePullSecret 'a'" },
    ];
    expect(
      pullSecretAuths({
        name: 'a',
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': b64(json) },
      }),
    ).toMatchObject({ credentials: want });
    expect(
      pullSecretAuths({
        name: 'a',
        type: 'kubernetes.io/dockercfg',
        stringData: { '.dockercfg': cfg },
      }),
    ).toMatchObject({ credentials: want });
    expect(pullSecretAuths({ name: 'a', type: 'Opaque', data: {} })).toBe(
      "imagePullSecret 'a' is of type 'Opaque', not kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg, so it holds no registry login",
    );
    expect(pullSecretAuths({ name: 'a', type: 'kubernetes.io/dockerconfigjson', data: {} })).toBe(
      "imagePullSecret 'a' has no .dockerconfigjson key",
    );
    expect(() =>
      pullSecretAuths({
        name: 'a',
        type: 'kubernetes.io/dockercfg',
        stringData: { '.dockercfg': 'nope' },
      }),
    ).toThrow("imagePullSecret 'a' is not valid JSON");
  });
});
