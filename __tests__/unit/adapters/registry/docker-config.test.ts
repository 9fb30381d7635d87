import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dockerConfigPath,
  readDockerConfig,
} from '../../../../src/adapters/registry/docker-config.js';
import { isLoopback, registryBase } from '../../../../src/adapters/registry/registry-http.js';

describe('docker config.json', () => {
  it('lives in $DOCKER_CONFIG, else ~/.docker', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/etc/dc' }, '/home/u')).toBe('/etc/dc/config.json');
    expect(dockerConfigPath({}, '/home/u')).toBe('/home/u/.docker/config.json');
  });

  it('reads its logins; no file means none; a huge file is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-'));
    const path = join(dir, 'config.json');
    expect(await readDockerConfig(path)).toEqual({ credentials: [], helpers: [], skipped: [] });
    writeFileSync(path, JSON.stringify({ auths: { 'r.io': { username: 'u', password: 'p' } } }));
    expect((await readDockerConfig(path)).credentials).toEqual([
      { registry: 'r.io', username: 'u', password: 'p', source: path },
    ]);
    writeFileSync(path, ' '.repeat((1 << 20) + 1));
    await expect(readDockerConfig(path)).rejects.toThrow(`${path} is larger than 1048576 bytes`);
  });
});

describe('registry addresses', () => {
  it('plain HTTP for loopback only, Docker Hub at registry-1.docker.io', () => {
    expect(['localhost:5000', '127.0.0.1:5000', '127.9.9.9', '[::1]:5000'].every(isLoopback)).toBe(
      true,
    );
    expect(['10.0.0.1:5000', 'localhost.example.com', '[::2]'].some(isLoopback)).toBe(false);
    expect(registryBase('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBase('docker.io')).toBe('https://registry-1.docker.io');
    expect(registryBase('ghcr.io')).toBe('https://ghcr.io');
  });
});
