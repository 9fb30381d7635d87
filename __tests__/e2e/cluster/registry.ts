// Where the local cluster's registries are (hack/cluster/registry.sh): from the variables
// cluster:up exports, or else from the file it keeps beside the kubeconfig's state directory,
// so a shell that only has KUBECONFIG (a cluster started earlier) still finds them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LocalRegistries {
  /** host:port of the anonymous registry (plain HTTP) */
  anonymous: string;
  /** host:port of the registry behind basic auth (plain HTTP) */
  auth: string;
  user: string;
  password: string;
}

const NAMES = {
  anonymous: 'SHAKEDOWN_REGISTRY',
  auth: 'SHAKEDOWN_AUTH_REGISTRY',
  user: 'SHAKEDOWN_AUTH_REGISTRY_USER',
  password: 'SHAKEDOWN_AUTH_REGISTRY_PASSWORD',
} as const;

// Only `export NAME=VALUE` lines; the values never contain spaces or quotes.
function parseExports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z_]+)=(\S*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

export function localRegistries(kubeconfigPath: string): LocalRegistries {
  // admin.kubeconfig lives in <state>/kubeconfig/, the registry settings in <state>/registry/.
  const file = join(dirname(dirname(kubeconfigPath)), 'registry', 'registry.env');
  const fromFile = existsSync(file) ? parseExports(readFileSync(file, 'utf8')) : {};
  const get = (name: string): string => {
    const value = process.env[name] || fromFile[name];
    if (!value) {
      throw new Error(
        `${name} is not set and ${file} does not provide it; start the registries with: eval "$(npm run -s cluster:up)"`,
      );
    }
    return value;
  };
  return {
    anonymous: get(NAMES.anonymous),
    auth: get(NAMES.auth),
    user: get(NAMES.user),
    password: get(NAMES.password),
  };
}
