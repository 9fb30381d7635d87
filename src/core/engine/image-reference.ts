// Image references as Docker and the kubelet read them: `busybox` is
// docker.io/library/busybox:latest, the first path component is a registry only when it looks
// like a host (a dot, a port or `localhost`), and a digest pins the content whatever the tag.
// Pure, so that the pre-run checks and the registry adapter agree on every name.

export interface ImageReference {
  /** host[:port] as named; Docker Hub (index.docker.io, registry-1.docker.io) is `docker.io`. */
  registry: string;
  /** Path inside the registry, with `library/` for Docker Hub's single names. */
  repository: string;
  /** `latest` when neither a tag nor a digest is given. */
  tag?: string;
  /** `algorithm:hex`, e.g. `sha256:…`. */
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** Docker's own limit on a repository name; the whole reference is bounded a little above. */
const MAX_NAME = 255;
const MAX_REFERENCE = 512;

const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?)(?::[0-9]{1,5})?$/;

/** The reference, or a sentence saying what is wrong with it. */
export function parseImageReference(image: string): ImageReference | { error: string } {
  if (image.length === 0) return { error: 'the image is empty' };
  if (image.length > MAX_REFERENCE)
    return { error: `the image reference is longer than ${MAX_REFERENCE} characters` };
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { error: `'${digest}' is not a digest (algorithm:hex)` };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { error: `'${tag}' is not a valid tag` };
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasRegistry =
    slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first : DOCKER_HUB;
  let repository = hasRegistry ? rest.slice(slash + 1) : rest;
  if (hasRegistry && !HOST.test(registry)) return { error: `'${registry}' is not a registry host` };
  if (HUB_ALIASES.has(registry.toLowerCase())) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (repository.length === 0) return { error: 'the image names no repository' };
  if (repository.length > MAX_NAME)
    return { error: `the repository name is longer than ${MAX_NAME} characters` };
  const bad = repository.split('/').find((c) => !COMPONENT.test(c));
  if (bad !== undefined)
    return {
      error: `'${bad}' is not a valid repository name component (lowercase letters, digits and . _ -)`,
    };
  return {
    registry,
    repository,
    ...(digest ? { digest } : { tag: tag ?? 'latest' }),
    ...(digest && tag ? { tag } : {}),
  };
}

/** The reference written out in full, as messages show it: `docker.io/library/k6:0.49`. */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
