// Choices and messages of an image lookup that need no network: which manifest of an index
// fits the node, and what a refusing registry's answer means for the user.
import type { Platform, RegistryCredential } from '../../ports/image-config.js';
import type { RegistryResponse } from './registry-http.js';

interface Entry {
  digest: string;
  platform?: Platform;
}

/** Index entries are many for some images (attestations, old variants); enough is enough. */
const MAX_ENTRIES = 1000;

/**
 * The index entry for the platform: same os and architecture, the same variant when one is
 * wanted (arm64 means v8 when unsaid), else the first. A sentence when none fits.
 */
export function pickPlatform(
  entries: Entry[],
  want: Platform,
): { digest: string; platform: Platform } | string {
  const candidates = entries
    .slice(0, MAX_ENTRIES)
    .filter(
      (e): e is Entry & { platform: Platform } =>
        typeof e.digest === 'string' &&
        e.platform?.os === want.os &&
        e.platform.architecture === want.architecture,
    );
  const variant = want.variant ?? (want.architecture === 'arm64' ? 'v8' : undefined);
  const chosen =
    candidates.find((e) => variant !== undefined && e.platform.variant === variant) ??
    candidates.find((e) => !e.platform.variant) ??
    candidates[0];
  if (chosen) {
    const p = chosen.platform;
    return {
      digest: chosen.digest,
      platform: {
        os: p.os,
        architecture: p.architecture,
        ...(p.variant && { variant: p.variant }),
      },
    };
  }
  const offered = entries
    .slice(0, MAX_ENTRIES)
    .map((e) => e.platform)
    .filter((p): p is Platform => !!p && p.os !== 'unknown')
    .map(platformName);
  return `the image has no manifest for ${platformName(want)} (it has ${[...new Set(offered)].join(', ') || 'none'})`;
}

export function platformName(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

/** The first error of a registry's JSON error body (`{"errors":[{code, message}]}`), bounded. */
function remoteDetail(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as {
      errors?: { code?: unknown; message?: unknown }[];
    };
    const first = parsed.errors?.[0];
    const text = [first?.code, first?.message].filter((v) => typeof v === 'string').join(' ');
    return text.replace(/[^\x20-\x7e]/g, ' ').slice(0, 200);
  } catch {
    return '';
  }
}

export interface Refusal {
  registry: string;
  credential: RegistryCredential | undefined;
  /** Where logins were looked for. */
  searched: string[];
  /** The docker credential helper that would hold the login (not run). */
  helper: string | undefined;
}

/** The sentence for a registry answer other than 200. */
export function registryError(response: RegistryResponse, what: string, r: Refusal): string {
  const detail = remoteDetail(response.body);
  const answered = `${r.registry} answered ${response.status}${detail ? ` (${detail})` : ''} for ${what}`;
  if (response.status === 401 || response.status === 403) {
    if (r.credential) return `${answered}: it refused the login from ${r.credential.source}`;
    const looked = r.searched.length
      ? `none of ${r.searched.join(', ')} has one for ${r.registry}`
      : `no login for ${r.registry} was found`;
    const helper = r.helper
      ? `; the docker credential helper '${r.helper}' may hold it, but Shakedown does not run credential helpers: put the login in an imagePullSecret or in 'auths' of the docker config.json`
      : '; give one in an imagePullSecret (spec.pod.imagePullSecrets) or a docker config.json';
    return `${answered}: the image needs a login and ${looked}${helper}`;
  }
  if (response.status === 404) return `${answered}: no such repository, tag or digest`;
  if (response.status === 429)
    return `${answered}: the registry limits requests; try again later or log in`;
  return answered;
}
