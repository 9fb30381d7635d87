// Builds the KubeConfig a run uses and checks it locally before any request, so that a wrong
// context, a missing certificate file or an unusable server URL is reported as such instead of
// as a connection error later.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster, Context, KubeConfig } from '@kubernetes/client-node';
import {
  fromFile,
  fromInput,
  fromKubeconfigEnv,
  fromServiceAccount,
  type LoadedConfig,
} from './kubeconfig-sources.js';

export { kubeconfigSecrets } from './kubeconfig-secrets.js';

export interface ConnectOptions {
  /** `--kubeconfig` or the action input: a file path, kubeconfig YAML, or base64 of that YAML. */
  kubeconfig?: string;
  /** `--context`; the kubeconfig's current-context otherwise. */
  context?: string;
  /** Where KUBECONFIG, HOME and KUBERNETES_SERVICE_HOST/PORT are read (process.env by default). */
  env?: Record<string, string | undefined>;
  /** Base for relative paths (process.cwd() by default). */
  cwd?: string;
  /** Relocates /var/run/secrets/kubernetes.io/serviceaccount for the in-cluster config (tests). */
  serviceAccountPrefix?: string;
}

export interface KubeConnection {
  /** The client-node configuration, with the chosen context current. Opaque outside adapters. */
  config: KubeConfig;
  context: string;
  server: string;
  /** Where the configuration came from, for messages. */
  source: string;
}

function fail(message: string, source: string): never {
  throw new Error(`kubeconfig: ${message} (from ${source})`);
}

const names = (items: { name: string }[]) => items.map((item) => item.name).join(', ') || 'none';

function load(options: ConnectOptions): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const home = env.HOME ?? env.USERPROFILE;
  if (options.kubeconfig?.trim()) return fromInput(options.kubeconfig, cwd, home);
  if (env.KUBECONFIG?.trim()) return fromKubeconfigEnv(env.KUBECONFIG, cwd);
  const defaultFile = home ? join(home, '.kube', 'config') : undefined;
  if (defaultFile && existsSync(defaultFile)) return fromFile(defaultFile);
  const inCluster = fromServiceAccount(env, options.serviceAccountPrefix);
  if (inCluster) return inCluster;
  throw new Error(
    'kubeconfig: none found (pass --kubeconfig with a file, YAML or base64 YAML, set KUBECONFIG, ' +
      `create ${defaultFile ?? '~/.kube/config'}, or run in a pod with a service account)`,
  );
}

function chooseContext(config: KubeConfig, wanted: string | undefined, source: string): Context {
  const contexts = config.getContexts();
  if (contexts.length === 0) fail('defines no context', source);
  const name = wanted || config.getCurrentContext();
  if (!name) {
    if (contexts.length === 1) return contexts[0];
    fail(
      `no current-context is set and no context was chosen; available: ${names(contexts)}`,
      source,
    );
  }
  const context = config.getContextObject(name);
  if (!context) fail(`context '${name}' not found; available: ${names(contexts)}`, source);
  return context;
}

function checkCluster(cluster: Cluster, source: string): void {
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    fail(
      `cluster '${cluster.name}' has server '${cluster.server}', which is not a URL (expected https://host:port)`,
      source,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(
      `cluster '${cluster.name}' has server '${cluster.server}' (expected an https:// URL)`,
      source,
    );
  }
  if (url.protocol === 'http:' && !cluster.skipTLSVerify) {
    fail(
      `cluster '${cluster.name}' uses plain HTTP (${cluster.server}); @kubernetes/client-node only ` +
        'allows that with insecure-skip-tls-verify: true',
      source,
    );
  }
  if (cluster.caFile && !existsSync(cluster.caFile)) {
    fail(
      `cluster '${cluster.name}' names certificate-authority '${cluster.caFile}', which does not exist`,
      source,
    );
  }
}

function checkUser(config: KubeConfig, context: Context, source: string): void {
  if (!context.user) return;
  const user = config.getUser(context.user);
  if (!user) {
    fail(
      `context '${context.name}' refers to user '${context.user}', which is not defined; users: ${names(config.getUsers())}`,
      source,
    );
  }
  for (const [field, path] of [
    ['client-certificate', user.certFile],
    ['client-key', user.keyFile],
  ] as const) {
    if (path && !existsSync(path)) {
      fail(`user '${user.name}' names ${field} '${path}', which does not exist`, source);
    }
  }
  if ((user.certData || user.certFile) && !(user.keyData || user.keyFile)) {
    fail(`user '${user.name}' has a client certificate but no client key`, source);
  }
  if (user.exec && !user.exec.command) {
    fail(`user '${user.name}' has an exec credential plugin without a command`, source);
  }
}

/**
 * Loads the kubeconfig from, in order: `options.kubeconfig`, KUBECONFIG, ~/.kube/config, the
 * in-cluster service account; selects the context and checks what can be checked offline.
 * Throws an Error whose message names what was wrong and where the configuration came from.
 */
export async function connect(options: ConnectOptions = {}): Promise<KubeConnection> {
  const { config, source } = load(options);
  const context = chooseContext(config, options.context, source);
  const cluster = config.getCluster(context.cluster);
  if (!cluster) {
    fail(
      `context '${context.name}' refers to cluster '${context.cluster}', which is not defined; clusters: ${names(config.getClusters())}`,
      source,
    );
  }
  checkCluster(cluster, source);
  checkUser(config, context, source);
  config.setCurrentContext(context.name);
  return { config, context: context.name, server: cluster.server, source };
}
