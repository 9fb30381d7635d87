import { describe, expect, it } from '@jest/globals';
import { formatReference, parseImageReference } from '../../../src/core/engine/image-reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference (Docker naming rules)', () => {
  it.each([
    ['busybox', { registry: 'docker.io', repository: 'library/busybox', tag: 'latest' }],
    ['grafana/k6:0.49.0', { registry: 'docker.io', repository: 'grafana/k6', tag: '0.49.0' }],
    [
      'docker.io/busybox:1.36',
      { registry: 'docker.io', repository: 'library/busybox', tag: '1.36' },
    ],
    [
      'index.docker.io/library/node:24',
      { registry: 'docker.io', repository: 'library/node', tag: '24' },
    ],
    ['registry-1.docker.io/a/b', { registry: 'docker.io', repository: 'a/b', tag: 'latest' }],
    ['ghcr.io/org/team/app:v1', { registry: 'ghcr.io', repository: 'org/team/app', tag: 'v1' }],
    ['localhost/app', { registry: 'localhost', repository: 'app', tag: 'latest' }],
    [
      '127.0.0.1:5000/library/busybox:1.36',
      { registry: '127.0.0.1:5000', repository: 'library/busybox', tag: '1.36' },
    ],
    ['[::1]:5000/x', { registry: '[::1]:5000', repository: 'x', tag: 'latest' }],
    [`busybox@${D}`, { registry: 'docker.io', repository: 'library/busybox', digest: D }],
    [`r.io:443/a:1@${D}`, { registry: 'r.io:443', repository: 'a', tag: '1', digest: D }],
  ])('%s', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    ['Busybox', /'Busybox' is not a valid repository name component/],
    ['busybox:bad tag', /'bad tag' is not a valid tag/],
    ['busybox@sha256:xyz', /not a digest/],
    ['r.io/', /names no repository/],
    [`a/${'b'.repeat(600)}`, /longer than 512/],
  ])('refuses %j', (image, message) => {
    const ref = parseImageReference(image);
    expect('error' in ref && ref.error).toMatch(message);
  });

  it('writes the reference out in full', () => {
    const ref = parseImageReference('k6:1');
    expect('error' in ref ? ref.error : formatReference(ref)).toBe('docker.io/library/k6:1');
  });
});
