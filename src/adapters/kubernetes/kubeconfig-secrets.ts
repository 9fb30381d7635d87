// Every credential string a kubeconfig holds, so the Action can mask them before anything is
// logged (an error message or a debug dump must never show a token or a private key).
import { readFileSync } from 'node:fs';
import type { KubeConfig, User } from '@kubernetes/client-node';

// Exec plugins get configuration through env as well (regions, profiles, flags such as
// "true"); masking those would blank common words all over the log, and a credential is never
// that short.
const MIN_EXEC_ENV_LENGTH = 8;

// auth-provider config keys that hold credentials (oidc, gcp, azure legacy providers).
const PROVIDER_SECRET_KEYS = /token|secret|password|key/i;

function readQuietly(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function userSecrets(user: User): string[] {
  const found: (string | undefined)[] = [
    user.token,
    user.password,
    user.keyData,
    readQuietly(user.keyFile),
  ];
  if (user.keyData) {
    // Kubeconfigs hold the key base64-encoded; a log could show either form.
    found.push(Buffer.from(user.keyData, 'base64').toString('utf8').trim());
  }
  const exec = user.exec as { env?: { name: string; value?: string }[] } | undefined;
  for (const variable of exec?.env ?? []) {
    if (variable.value && variable.value.length >= MIN_EXEC_ENV_LENGTH) found.push(variable.value);
  }
  const provider = user.authProvider as { config?: Record<string, unknown> } | undefined;
  for (const [key, value] of Object.entries(provider?.config ?? {})) {
    if (typeof value !== 'string') continue;
    if (key === 'tokenFile') found.push(readQuietly(value));
    else if (PROVIDER_SECRET_KEYS.test(key)) found.push(value);
  }
  return found.filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/** Credential strings of every user in the kubeconfig, deduplicated, longest first. */
export function kubeconfigSecrets(config: KubeConfig): string[] {
  const all = new Set(config.getUsers().flatMap(userSecrets));
  // Longest first, so that a masker replacing in order never leaves part of a longer secret.
  return [...all].sort((a, b) => b.length - a.length);
}
