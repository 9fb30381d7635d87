// Registry logins in the two shapes Docker and the kubelet keep them: a docker config.json
// (`{"auths": {host: {auth | username/password}}}`, also the kubernetes.io/dockerconfigjson
// Secret) and the older .dockercfg (the same map without `auths`, the kubernetes.io/dockercfg
// Secret). Pure: given text, returns credentials; what cannot be used is named, never printed.
import type { RegistryCredential } from '../../ports/image-config.js';
import { DOCKER_HUB } from './image-reference.js';

export interface RegistryAuths {
  credentials: RegistryCredential[];
  /** Registries (or `*` for all) whose logins a credential helper keeps, which is not run. */
  helpers: { registry: string; helper: string }[];
  /** Why entries were left out (no values), e.g. `entry 'x': identitytoken is not supported`. */
  skipped: string[];
}

const HUB_KEYS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** More than any real login file holds; keeps a hostile file from costing time. */
const MAX_ENTRIES = 200;

/** `https://index.docker.io/v1/` → `docker.io`; `ghcr.io/org` → `ghcr.io`. */
export function normaliseRegistry(key: string): string {
  const host = key
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .split('/')[0]!
    .toLowerCase();
  return HUB_KEYS.has(host) ? DOCKER_HUB : host;
}

type Entry = Record<string, unknown>;

function isObject(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryCredential(key: string, entry: Entry, source: string): RegistryCredential | string {
  if (typeof entry.identitytoken === 'string' && entry.identitytoken)
    return `entry '${key}' holds an identitytoken (an OAuth refresh token), which Shakedown does not use; give a username and password or token`;
  if (typeof entry.registrytoken === 'string' && entry.registrytoken)
    return `entry '${key}' holds a registrytoken, which Shakedown does not use; give a username and password or token`;
  let username = typeof entry.username === 'string' ? entry.username : '';
  let password = typeof entry.password === 'string' ? entry.password : '';
  if (typeof entry.auth === 'string' && entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return `entry '${key}': 'auth' is not base64 of user:password`;
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (!username && !password) return `entry '${key}' holds no auth, username or password`;
  return { registry: normaliseRegistry(key), username, password, source };
}

/**
 * Logins from one JSON document. `format` says which shape: `config` (config.json and
 * dockerconfigjson Secrets) or `dockercfg`. Throws only for text that is not a JSON object.
 */
export function parseRegistryAuths(
  text: string,
  format: 'config' | 'dockercfg',
  source: string,
): RegistryAuths {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
  if (!isObject(document)) throw new Error(`${source} is not a JSON object`);
  const result: RegistryAuths = { credentials: [], helpers: [], skipped: [] };
  const auths = format === 'config' ? document.auths : document;
  if (isObject(auths)) {
    for (const [key, entry] of Object.entries(auths).slice(0, MAX_ENTRIES)) {
      if (!isObject(entry)) continue;
      const found = entryCredential(key, entry, source);
      if (typeof found === 'string') result.skipped.push(`${source}: ${found}`);
      else result.credentials.push(found);
    }
  }
  if (format === 'config') {
    if (typeof document.credsStore === 'string' && document.credsStore)
      result.helpers.push({ registry: '*', helper: document.credsStore });
    if (isObject(document.credHelpers)) {
      for (const [key, helper] of Object.entries(document.credHelpers).slice(0, MAX_ENTRIES))
        if (typeof helper === 'string')
          result.helpers.push({ registry: normaliseRegistry(key), helper });
    }
  }
  return result;
}

/** Logins of a pull Secret as the kubelet reads it; other Secret types hold none. */
export function pullSecretAuths(secret: {
  type?: unknown;
  data?: unknown;
  stringData?: unknown;
  name: string;
}): RegistryAuths | string {
  const source = `imagePullSecret '${secret.name}'`;
  const value = (key: string): string | undefined => {
    if (isObject(secret.stringData) && typeof secret.stringData[key] === 'string')
      return secret.stringData[key];
    if (isObject(secret.data) && typeof secret.data[key] === 'string')
      return Buffer.from(secret.data[key], 'base64').toString('utf8');
    return undefined;
  };
  if (secret.type === 'kubernetes.io/dockerconfigjson') {
    const text = value('.dockerconfigjson');
    return text === undefined
      ? `${source} has no .dockerconfigjson key`
      : parseRegistryAuths(text, 'config', source);
  }
  if (secret.type === 'kubernetes.io/dockercfg') {
    const text = value('.dockercfg');
    return text === undefined
      ? `${source} has no .dockercfg key`
      : parseRegistryAuths(text, 'dockercfg', source);
  }
  return `${source} is of type '${String(secret.type ?? 'Opaque')}', not kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg, so it holds no registry login`;
}
