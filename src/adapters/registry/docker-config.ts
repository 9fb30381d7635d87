// The logins of the local docker config.json — $DOCKER_CONFIG/config.json, else
// ~/.docker/config.json — as `docker login` left them. Credential helpers (credsStore,
// credHelpers) are named, not run: running programs found in a config file is not ours to do.
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseRegistryAuths, type RegistryAuths } from '../../core/engine/registry-auths.js';

const MAX_BYTES = 1 << 20;

export function dockerConfigPath(
  env: Record<string, string | undefined>,
  home = homedir(),
): string {
  return env.DOCKER_CONFIG
    ? join(env.DOCKER_CONFIG, 'config.json')
    : join(home, '.docker', 'config.json');
}

/** No file means no logins; a file that cannot be used is an error naming it. */
export async function readDockerConfig(path: string): Promise<RegistryAuths> {
  const none: RegistryAuths = { credentials: [], helpers: [], skipped: [] };
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return none;
  }
  if (size > MAX_BYTES) throw new Error(`${path} is larger than ${MAX_BYTES} bytes`);
  return parseRegistryAuths(await readFile(path, 'utf8'), 'config', path);
}
