// What the engine needs from an image registry: the config of one image (what it runs, as
// whom, where), for steps that run their image's own entrypoint. The adapter in
// src/adapters/registry/ speaks the OCI distribution API; credentials cross this boundary as
// values the engine never prints.

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** One registry login, from an imagePullSecret or a docker config.json. */
export interface RegistryCredential {
  /** host[:port], normalised (Docker Hub is `docker.io`). */
  registry: string;
  username: string;
  password: string;
  /** Where it came from, for messages: `imagePullSecret 'regcred'`, `~/.docker/config.json`. */
  source: string;
}

export interface ImageConfig {
  /** Digest of the image manifest that was read (the platform's, below an index). */
  digest: string;
  /**
   * The digest the reference resolved to (the index's, for a multi-platform image): pods are
   * pinned to it, so what runs is what was read even when the tag moves meanwhile.
   */
  resolvedDigest: string;
  entrypoint: string[];
  cmd: string[];
  workingDir?: string;
  user?: string;
  /** `NAME=value` entries, as the image declares them. */
  env: string[];
  /** The platform picked from an index, when the image has one. */
  platform?: Platform;
  /** HTTP requests this lookup made (token requests included); 0 when it was cached by digest. */
  requests: number;
}

export interface ResolveOptions {
  /** Logins to try, in order; the first whose registry matches is used. */
  credentials: RegistryCredential[];
  /** The platform to pick from a multi-platform image. */
  platform: Platform;
  signal?: AbortSignal;
}

export interface ImageConfigPort {
  /** Reads the image's config; throws an ImageConfigError naming the registry and the status. */
  resolve(image: string, options: ResolveOptions): Promise<ImageConfig>;
}

export class ImageConfigError extends Error {
  constructor(
    message: string,
    /** host[:port] the lookup went to. */
    readonly registry: string,
    /** HTTP status, when the registry answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ImageConfigError';
  }
}
