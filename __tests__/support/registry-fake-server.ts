// A small OCI registry on 127.0.0.1 for contract tests: manifests, indexes and config blobs
// from memory, with anonymous, bearer-token (challenge with scope, token service on the same
// server) or basic auth, and every request recorded so tests can count them.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AuthMode = 'anonymous' | 'bearer' | 'basic';

export interface FakeImage {
  /** Media type of the served manifest. */
  mediaType?: string;
  config: Record<string, unknown>;
}

export interface RecordedRequest {
  path: string;
  authorization?: string;
}

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export class FakeRegistry {
  readonly requests: RecordedRequest[] = [];
  private readonly manifests = new Map<string, { type: string; body: Buffer }>();
  private readonly blobs = new Map<string, Buffer>();
  private server?: Server;
  /** Paths answered with this status (and nothing else). */
  readonly fail = new Map<string, number>();
  /** Paths that never answer. */
  readonly hang = new Set<string>();
  /** Paths answered with this many bytes of padding. */
  readonly oversize = new Map<string, number>();
  /** Bearer mode: hand out tokens without a login too (as Docker Hub does for public images). */
  publicTokens = false;

  constructor(
    readonly auth: AuthMode = 'anonymous',
    readonly login = { username: 'robot', password: 'pa55-w0rd-planted' },
    readonly token = 'tok-planted-0123456789',
  ) {}

  /** Stores an image under repo:tag; returns the manifest digest. */
  image(repo: string, tag: string, image: FakeImage): string {
    const config = Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', config: image.config }),
    );
    const configDigest = sha(config);
    this.blobs.set(`${repo}@${configDigest}`, config);
    const type = image.mediaType ?? 'application/vnd.docker.distribution.manifest.v2+json';
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: type,
        config: {
          mediaType: 'application/vnd.docker.container.image.v1+json',
          digest: configDigest,
          size: config.length,
        },
        layers: [],
      }),
    );
    const digest = sha(manifest);
    this.manifests.set(`${repo}:${tag}`, { type, body: manifest });
    this.manifests.set(`${repo}:${digest}`, { type, body: manifest });
    return digest;
  }

  /** An index over images already stored (by digest) for the given platforms. */
  index(
    repo: string,
    tag: string,
    entries: { digest: string; platform: Record<string, string> }[],
    oci = true,
  ): string {
    const type = oci
      ? 'application/vnd.oci.image.index.v1+json'
      : 'application/vnd.docker.distribution.manifest.list.v2+json';
    const body = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: type,
        manifests: entries.map((e) => ({
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          size: 1,
          ...e,
        })),
      }),
    );
    const digest = sha(body);
    this.manifests.set(`${repo}:${tag}`, { type, body });
    this.manifests.set(`${repo}:${digest}`, { type, body });
    return digest;
  }

  get host(): string {
    return `127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((done) => this.server?.close(() => done()) ?? done());
  }

  private basicValue(): string {
    return `Basic ${Buffer.from(`${this.login.username}:${this.login.password}`).toString('base64')}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', `http://${this.host}`);
    this.requests.push({
      path: url.pathname + url.search,
      ...(req.headers.authorization && { authorization: req.headers.authorization }),
    });
    if (this.hang.has(url.pathname)) return;
    if (url.pathname === '/token') return this.tokenEndpoint(url, req, res);
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!m) return this.send(res, 404, {});
    const [, repo, kind, reference] = m;
    if (!this.authorised(req, repo!)) {
      const header =
        this.auth === 'bearer'
          ? `Bearer realm="http://${this.host}/token",service="fake-registry",scope="repository:${repo}:pull"`
          : 'Basic realm="fake"';
      res.writeHead(401, { 'WWW-Authenticate': header, 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }),
      );
      return;
    }
    const failing = this.fail.get(url.pathname);
    if (failing)
      return this.send(res, failing, {
        errors: [{ code: 'BOOM', message: `failing with ${failing}` }],
      });
    const pad = this.oversize.get(url.pathname);
    if (pad) {
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' });
      res.end(Buffer.alloc(pad, 32));
      return;
    }
    if (kind === 'manifests') {
      const found = this.manifests.get(`${repo}:${reference}`);
      if (!found)
        return this.send(res, 404, {
          errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }],
        });
      res.writeHead(200, { 'Content-Type': found.type, 'Docker-Content-Digest': sha(found.body) });
      res.end(found.body);
      return;
    }
    const blob = this.blobs.get(`${repo}@${reference}`);
    if (!blob)
      return this.send(res, 404, { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown' }] });
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(blob);
  }

  private authorised(req: IncomingMessage, repo: string): boolean {
    const given = req.headers.authorization;
    if (this.auth === 'anonymous') return true;
    if (this.auth === 'basic') return given === this.basicValue();
    return given === `Bearer ${this.token}:${repo}`;
  }

  /** Tokens are scoped: `<token>:<repo>`; with a login configured, only that login gets one. */
  private tokenEndpoint(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const scope = url.searchParams.get('scope') ?? '';
    const repo = /^repository:(.+):pull$/.exec(scope)?.[1];
    if (url.searchParams.get('service') !== 'fake-registry' || !repo)
      return this.send(res, 400, {});
    const anonymous = !req.headers.authorization && this.publicTokens;
    if (!anonymous && req.headers.authorization !== this.basicValue())
      return this.send(res, 401, {});
    this.send(res, 200, { token: `${this.token}:${repo}`, expires_in: 300 });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
