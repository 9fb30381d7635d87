// A local npm registry serving one package, the way registry.npmjs.org does: the packument at
// /<name> (dist-tags, versions with dist.tarball, shasum and integrity) and the tarball at
// /<name>/-/<name>-<version>.tgz. Pointing npm at it (npm_config_registry) lets a test run
// `npx shakedown@latest` exactly as users do, with the freshly packed package and no network.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PackedPackage {
  /** package.json of the packed package, as npm pack wrote it into the tarball. */
  manifest: { name: string; version: string } & Record<string, unknown>;
  tarball: Buffer;
}

export class NpmRegistryFakeServer {
  /** Every request, as `METHOD /path`, in order. */
  readonly requests: string[] = [];

  private constructor(
    private readonly server: Server,
    private readonly pkg: PackedPackage,
  ) {}

  static async start(pkg: PackedPackage): Promise<NpmRegistryFakeServer> {
    const server = createServer();
    const fake = new NpmRegistryFakeServer(server, pkg);
    server.on('request', (req, res) => fake.answer(req.method ?? 'GET', req.url ?? '/', res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  get tarballPath(): string {
    const { name, version } = this.pkg.manifest;
    return `/${name}/-/${name}-${version}.tgz`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }

  private answer(method: string, url: string, res: ServerResponse): void {
    this.requests.push(`${method} ${url}`);
    const path = decodeURIComponent(url.split('?')[0]!);
    if (method === 'GET' && path === `/${this.pkg.manifest.name}`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.packument()));
    } else if (method === 'GET' && path === this.tarballPath) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(this.pkg.tarball);
    } else {
      // What registry.npmjs.org says of a package it does not have (also audits, searches).
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"Not found"}');
    }
  }

  private packument(): Record<string, unknown> {
    const { manifest, tarball } = this.pkg;
    const digest = (algorithm: string, encoding: 'hex' | 'base64') =>
      createHash(algorithm).update(tarball).digest(encoding);
    return {
      _id: manifest.name,
      name: manifest.name,
      'dist-tags': { latest: manifest.version },
      versions: {
        [manifest.version]: {
          ...manifest,
          _id: `${manifest.name}@${manifest.version}`,
          dist: {
            tarball: `${this.url.slice(0, -1)}${this.tarballPath}`,
            shasum: digest('sha1', 'hex'),
            integrity: `sha512-${digest('sha512', 'base64')}`,
          },
        },
      },
      time: { [manifest.version]: new Date(0).toISOString() },
    };
  }
}
