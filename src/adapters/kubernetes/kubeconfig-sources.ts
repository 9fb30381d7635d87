// Where a kubeconfig comes from: one input string that may be a path, YAML or base64 YAML (CI
// secrets usually hold the latter), the KUBECONFIG list, ~/.kube/config, or the pod's own
// service account. Each loader returns a KubeConfig plus a description for messages.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { isMap, parseDocument } from 'yaml';

export interface LoadedConfig {
  config: KubeConfig;
  /** e.g. `file /home/me/.kube/config`, `base64 kubeconfig input`, `KUBECONFIG=/a:/b`. */
  source: string;
}

const KUBECONFIG_KEYS = ['clusters', 'contexts', 'users', 'current-context'];
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function fail(message: string): never {
  throw new Error(`kubeconfig: ${message}`);
}

/** Parses kubeconfig text, or explains in one line why it is not one. */
function check(text: string): { ok: true } | { ok: false; why: string } {
  const document = parseDocument(text, { prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    const [line, col] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [0, 0];
    return {
      ok: false,
      why: `YAML error at line ${line}, column ${col}: ${error.message.split('\n')[0]}`,
    };
  }
  const root = document.contents;
  if (!isMap(root)) return { ok: false, why: 'not a YAML mapping' };
  const keys = root.items.map((pair) =>
    String((pair.key as { value?: unknown })?.value ?? pair.key),
  );
  if (!keys.some((key) => KUBECONFIG_KEYS.includes(key))) {
    return {
      ok: false,
      why: `a YAML mapping without clusters, contexts or users (keys: ${keys.join(', ')})`,
    };
  }
  return { ok: true };
}

function fromText(text: string, baseDir: string, source: string): LoadedConfig {
  const verdict = check(text);
  if (!verdict.ok) fail(`${source} is ${verdict.why}`);
  const config = new KubeConfig();
  try {
    config.loadFromString(text);
  } catch (error) {
    fail(`${source}: ${(error as Error).message}`);
  }
  // As kubectl does: relative certificate paths are relative to the file that names them.
  config.makePathsAbsolute(baseDir);
  return { config, source };
}

function expandHome(path: string, home: string | undefined): string {
  return home && (path === '~' || path.startsWith('~/')) ? join(home, path.slice(1)) : path;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function fromFile(path: string, source = `file ${path}`): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    fail(`cannot read ${source}: ${(error as Error).message}`);
  }
  return fromText(text, dirname(path), source);
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * One input that may be a file path, kubeconfig YAML, or base64-encoded kubeconfig YAML.
 * A path is tried first so that a file named like base64 still works; YAML before base64
 * because a base64 string is also a valid YAML scalar.
 */
export function fromInput(input: string, cwd: string, home: string | undefined): LoadedConfig {
  const trimmed = input.trim();
  if (!trimmed) fail('the kubeconfig input is empty');
  const singleLine = !trimmed.includes('\n');
  if (singleLine) {
    const path = resolve(cwd, expandHome(trimmed, home));
    if (isFile(path)) return fromFile(path);
  }
  const yaml = check(trimmed);
  if (yaml.ok) return fromText(trimmed, cwd, 'kubeconfig input (YAML)');
  const compact = trimmed.replace(/\s+/g, '');
  if (BASE64.test(compact)) {
    const decoded = Buffer.from(
      compact,
      compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64',
    ).toString('utf8');
    if (check(decoded).ok) return fromText(decoded, cwd, 'kubeconfig input (base64)');
  }
  // Never echo a long value: it may be a broken secret. A short single line is a path typo.
  const shown =
    singleLine && trimmed.length <= 200 ? `'${trimmed}'` : `(${trimmed.length} characters)`;
  const why = singleLine ? `no file ${shown} exists` : yaml.why;
  fail(`kubeconfig input is neither a file, YAML nor base64 YAML: ${why}`);
}

/**
 * KUBECONFIG merged as kubectl merges it: missing files are skipped, the first file to define
 * a cluster, user, context or current-context wins.
 */
export function fromKubeconfigEnv(value: string, cwd: string): LoadedConfig {
  const listed = value.split(delimiter).filter(Boolean);
  const paths = listed
    .map((p) => (isAbsolute(p) ? p : resolve(cwd, p)))
    .filter((p) => existsSync(p));
  const source = `KUBECONFIG=${value}`;
  if (paths.length === 0) fail(`none of the files in ${source} exists`);
  const merged = new KubeConfig();
  merged.clusters = [];
  merged.users = [];
  merged.contexts = [];
  for (const path of paths) {
    const { config } = fromFile(path, `file ${path} (from KUBECONFIG)`);
    merged.currentContext ||= config.currentContext;
    const add = <T extends { name: string }>(into: T[], items: T[]) =>
      items.forEach((item) => into.some((i) => i.name === item.name) || into.push(item));
    add(merged.clusters, config.clusters);
    add(merged.users, config.users);
    add(merged.contexts, config.contexts);
  }
  return { config: merged, source };
}

/**
 * The pod's own service account, as a pod running CI jobs in the cluster has it. `pathPrefix`
 * relocates the service-account directory (tests).
 */
export function fromServiceAccount(
  env: Record<string, string | undefined>,
  pathPrefix = '',
): LoadedConfig | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port || !isFile(join(pathPrefix, SERVICE_ACCOUNT_DIR, 'token'))) return undefined;
  const config = new KubeConfig();
  // loadFromCluster makes the token file re-read on every request (it is rotated).
  config.loadFromCluster(pathPrefix);
  // ...but it takes the address from process.env; ours may come from elsewhere.
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  config.clusters = config.clusters.map((cluster) => ({ ...cluster, server }));
  return { config, source: 'in-cluster service account' };
}
