// ImageConfigPort over the OCI distribution API with node's fetch: the API needed here is three
// GETs (manifest, the platform's manifest below an index, config blob) plus the token dance,
// small enough that a client library would add more than it saves. Configs are kept by digest
// (content-addressed, so safe to share), tokens per registry and login.
import { createHash } from 'node:crypto';
import { parseImageReference, type ImageReference } from '../../core/engine/image-reference.js';
import type { RegistryAuths } from '../../core/engine/registry-auths.js';
import {
  ImageConfigError,
  type ImageConfig,
  type ImageConfigPort,
  type Platform,
  type RegistryCredential,
  type ResolveOptions,
} from '../../ports/image-config.js';
import { cacheKey, type CachedImage, type ConfigCache } from './config-cache.js';
import { RegistrySession, type Counter, type HttpLimits } from './registry-auth.js';
import { registryBase, TransportError, type RegistryResponse } from './registry-http.js';
import { pickPlatform, registryError } from './manifest-rules.js';

const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const SCHEMA1 = /^application\/vnd\.docker\.distribution\.manifest\.v1\+(prettyjws|json)$/;
/** Distribution's own limit for a manifest; configs carry the history and may be larger. */
export const MAX_MANIFEST_BYTES = 4 << 20;
export const MAX_CONFIG_BYTES = 8 << 20;
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface RegistryImageConfigOptions {
  timeoutMs?: number;
  /** Logins from a local docker config.json, read once when a lookup first needs them. */
  localAuths?: () => Promise<RegistryAuths>;
  /** What earlier runs read, by digest: a warm lookup is then one request, or none. */
  cache?: ConfigCache;
}

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: Platform & { 'os.version'?: string };
}

interface Manifest {
  mediaType?: string;
  config?: Descriptor;
  manifests?: Descriptor[];
}

interface Parsed {
  entrypoint: string[];
  cmd: string[];
  workingDir?: string;
  user?: string;
  env: string[];
}

export class RegistryImageConfig implements ImageConfigPort {
  private readonly sessions = new Map<string, RegistrySession>();
  private readonly configs = new Map<string, Promise<Parsed>>();
  private local?: Promise<RegistryAuths>;

  constructor(private readonly options: RegistryImageConfigOptions = {}) {}

  async resolve(image: string, options: ResolveOptions): Promise<ImageConfig> {
    const ref = parseImageReference(image);
    if ('error' in ref)
      throw new ImageConfigError(`'${image}' is not an image reference: ${ref.error}`, '');
    const local = await this.localAuths();
    const credential = [...options.credentials, ...local.credentials].find(
      (c) => c.registry === ref.registry,
    );
    const session = this.session(ref.registry, credential);
    const counter: Counter = { requests: 0 };
    const limits: HttpLimits = {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.signal && { signal: options.signal }),
    };
    const context = { ref, session, counter, limits, local, options };
    const { cache } = this.options;
    const keyOf = (digest: string) =>
      cacheKey(ref.registry, ref.repository, digest, options.platform);
    const found = (entry: CachedImage, resolved: string): ImageConfig => ({
      ...entry,
      resolvedDigest: resolved,
      requests: counter.requests,
    });
    try {
      const pinned = ref.digest && (await cache?.get(keyOf(ref.digest)));
      if (pinned) return found(pinned, ref.digest!);
      let manifest = await this.manifest(context, ref.digest ?? ref.tag!);
      const resolved = manifest.digest;
      const known = await cache?.get(keyOf(resolved));
      if (known) return found(known, resolved);
      let platform: Platform | undefined;
      if (manifest.kind === 'index') {
        const chosen = pickPlatform(manifest.body.manifests ?? [], options.platform);
        if (typeof chosen === 'string') throw new ImageConfigError(chosen, ref.registry);
        platform = chosen.platform;
        manifest = await this.manifest(context, chosen.digest);
        if (manifest.kind === 'index')
          throw new ImageConfigError('an index inside an index is not supported', ref.registry);
      }
      const config = manifest.body.config;
      if (!config?.digest)
        throw new ImageConfigError('the manifest names no config blob', ref.registry);
      const parsed = await this.config(context, config.digest);
      const entry: CachedImage = {
        digest: manifest.digest,
        ...parsed,
        ...(platform && { platform }),
      };
      await cache?.put(keyOf(resolved), entry);
      return found(entry, resolved);
    } catch (error) {
      throw this.scrubbed(error, ref.registry, session);
    }
  }

  private localAuths(): Promise<RegistryAuths> {
    this.local ??= this.options.localAuths
      ? this.options.localAuths()
      : Promise.resolve({ credentials: [], helpers: [], skipped: [] });
    return this.local;
  }

  private session(registry: string, credential: RegistryCredential | undefined): RegistrySession {
    const key = `${registry}\0${credential ? `${credential.source}\0${credential.username}` : ''}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = new RegistrySession(registry, credential);
      this.sessions.set(key, session);
    }
    return session;
  }

  private async manifest(
    context: Context,
    reference: string,
  ): Promise<{ kind: 'index' | 'manifest'; body: Manifest; digest: string }> {
    const { ref } = context;
    const what = `the manifest of ${ref.repository}${reference.includes(':') && reference.startsWith('sha') ? '@' : ':'}${reference}`;
    const response = await this.get(
      context,
      `manifests/${reference}`,
      what,
      {
        Accept: [...INDEX_TYPES, ...MANIFEST_TYPES].join(', '),
      },
      MAX_MANIFEST_BYTES,
    );
    const digest = `sha256:${createHash('sha256').update(response.body).digest('hex')}`;
    if (reference.startsWith('sha256:') && reference !== digest)
      throw new ImageConfigError(`${what} does not match its digest`, ref.registry);
    let body: Manifest;
    try {
      body = JSON.parse(response.body.toString('utf8')) as Manifest;
    } catch {
      throw new ImageConfigError(`${what} is not JSON`, ref.registry);
    }
    const type =
      (response.headers.get('content-type') ?? '').split(';')[0]!.trim() || body.mediaType || '';
    if (SCHEMA1.test(type) || (body as { schemaVersion?: number }).schemaVersion === 1)
      throw new ImageConfigError(
        `${what} is a Docker schema 1 manifest (deprecated, without an image config); push the image again with a current client`,
        ref.registry,
      );
    if (INDEX_TYPES.includes(type) || (!type && Array.isArray(body.manifests)))
      return { kind: 'index', body, digest };
    if (MANIFEST_TYPES.includes(type) || (!type && body.config))
      return { kind: 'manifest', body, digest };
    throw new ImageConfigError(
      `${what} has media type '${type.slice(0, 100)}', which is not an image`,
      ref.registry,
    );
  }

  private config(context: Context, digest: string): Promise<Parsed> {
    const key = `${context.ref.registry}/${context.ref.repository}@${digest}`;
    let found = this.configs.get(key);
    if (!found) {
      found = this.readConfig(context, digest);
      this.configs.set(key, found);
      found.catch(() => this.configs.delete(key));
    }
    return found;
  }

  private async readConfig(context: Context, digest: string): Promise<Parsed> {
    const what = `the config blob of ${context.ref.repository}`;
    const response = await this.get(context, `blobs/${digest}`, what, {}, MAX_CONFIG_BYTES);
    const actual = `sha256:${createHash('sha256').update(response.body).digest('hex')}`;
    if (digest.startsWith('sha256:') && actual !== digest)
      throw new ImageConfigError(`${what} does not match its digest`, context.ref.registry);
    let body: { config?: Record<string, unknown> | null };
    try {
      body = JSON.parse(response.body.toString('utf8')) as typeof body;
    } catch {
      throw new ImageConfigError(`${what} is not JSON`, context.ref.registry);
    }
    const c = body.config ?? {};
    const strings = (v: unknown): string[] =>
      Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
    return {
      entrypoint: strings(c.Entrypoint),
      cmd: strings(c.Cmd),
      ...(typeof c.WorkingDir === 'string' && c.WorkingDir && { workingDir: c.WorkingDir }),
      ...(typeof c.User === 'string' && c.User && { user: c.User }),
      env: strings(c.Env),
    };
  }

  private async get(
    context: Context,
    path: string,
    what: string,
    headers: Record<string, string>,
    maxBytes: number,
  ): Promise<RegistryResponse> {
    const { ref, session, counter, limits } = context;
    const url = `${registryBase(ref.registry)}/v2/${ref.repository}/${path}`;
    let response: RegistryResponse;
    try {
      response = await session.get(
        url,
        `repository:${ref.repository}:pull`,
        headers,
        maxBytes,
        counter,
        limits,
      );
    } catch (error) {
      if (error instanceof TransportError)
        throw new ImageConfigError(
          `${new URL(error.url).host}: ${error.message} (reading ${what})`,
          ref.registry,
        );
      throw error;
    }
    if (response.status === 200) return response;
    throw new ImageConfigError(
      registryError(response, what, {
        registry: ref.registry,
        credential: session.credential,
        searched: searchedSources(context),
        helper: helperFor(context.local, ref.registry),
      }),
      ref.registry,
      response.status,
    );
  }

  /** Every message that leaves: whatever a registry echoed, logins and tokens are cut out. */
  private scrubbed(error: unknown, registry: string, session: RegistrySession): ImageConfigError {
    const secrets = session.secrets();
    const clean = (text: string) => secrets.reduce((t, s) => t.split(s).join('***'), text);
    if (error instanceof ImageConfigError)
      return new ImageConfigError(clean(error.message), error.registry || registry, error.status);
    return new ImageConfigError(
      clean(error instanceof Error ? error.message : String(error)),
      registry,
    );
  }
}

interface Context {
  ref: ImageReference;
  session: RegistrySession;
  counter: Counter;
  limits: HttpLimits;
  local: RegistryAuths;
  options: ResolveOptions;
}

function searchedSources(context: Context): string[] {
  const sources = [...context.options.credentials, ...context.local.credentials].map(
    (c) => c.source,
  );
  return [...new Set(sources)];
}

function helperFor(local: RegistryAuths, registry: string): string | undefined {
  const helper =
    local.helpers.find((h) => h.registry === registry) ??
    local.helpers.find((h) => h.registry === '*');
  return helper?.helper;
}
