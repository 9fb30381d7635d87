// Registers every credential with the runner before anything is logged, so a kubeconfig token in
// an error message or a sensitive config value echoed by a test shows as ***.
//
// The runner matches masks line by line: a multi-line value (a PEM key) is registered one line
// at a time, or it would never match. Very short values are skipped: masking "1" or "true" would
// scramble every log line without protecting anything.
import { parse as parseYaml } from 'yaml';
import type { ActionRuntime } from './action-runtime.js';

const MIN_SECRET_LENGTH = 4;
// Keys whose values are credentials in a kubeconfig user entry or auth-provider config.
const credentialKeys = new Set([
  'token',
  'password',
  'client-key-data',
  'client-certificate-data',
  'access-token',
  'id-token',
  'refresh-token',
  'client-secret',
  'idp-certificate-authority-data',
]);

type Node = Record<string, unknown>;

/** The credential values in a kubeconfig (decoded too, when they are base64 data). */
export function kubeconfigSecrets(kubeconfig: string): string[] {
  let doc: unknown;
  try {
    doc = parseYaml(kubeconfig);
  } catch {
    return [];
  }
  const secrets: string[] = [];
  const users = (doc as { users?: unknown }).users;
  for (const entry of Array.isArray(users) ? users : []) {
    const user = (entry as Node | null)?.user as Node | undefined;
    if (!user) continue;
    collect(user, secrets);
    const provider = user['auth-provider'] as Node | undefined;
    if (provider?.config) collect(provider.config as Node, secrets);
    // exec plugins often get cloud credentials through env (AWS_SECRET_ACCESS_KEY…).
    const env = (user.exec as Node | undefined)?.env;
    for (const item of Array.isArray(env) ? env : []) {
      const value = (item as Node | null)?.value;
      if (typeof value === 'string') secrets.push(value);
    }
  }
  return secrets;
}

function collect(node: Node, into: string[]): void {
  for (const [key, value] of Object.entries(node)) {
    if (!credentialKeys.has(key) || typeof value !== 'string') continue;
    into.push(value);
    if (key.endsWith('-data')) into.push(Buffer.from(value, 'base64').toString('utf8'));
  }
}

/** The lines of each value that are worth masking (PEM armour lines are not secret). */
export function maskableLines(values: string[]): string[] {
  const lines = new Set<string>();
  for (const value of values) {
    for (const line of value.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed.length < MIN_SECRET_LENGTH || /^-----(BEGIN|END) /.test(trimmed)) continue;
      lines.add(trimmed);
    }
  }
  return [...lines];
}

export function maskSecrets(runtime: ActionRuntime, values: string[]): void {
  for (const line of maskableLines(values)) runtime.setSecret(line);
}

/**
 * Masks the kubeconfig's credentials and the raw input as given (it may be base64 of the whole
 * file, which would otherwise show up verbatim in a debug log of the inputs).
 */
export function maskKubeconfig(runtime: ActionRuntime, rawInput: string, decoded?: string): void {
  const values = decoded ? kubeconfigSecrets(decoded) : [];
  if (decoded !== undefined && decoded !== rawInput) values.push(rawInput.replace(/\s+/g, ''));
  maskSecrets(runtime, values);
}
