// What running workflows needs of a CI job's settings, the same for the GitHub Action and the
// GitLab component: each platform's settings add their own reporting inputs to these.
import type { KeepNamespace } from '../run/namespace.js';

export type { KeepNamespace };

export const keepNamespaceValues: readonly KeepNamespace[] = ['never', 'on-failure', 'always'];

export interface RunSettings {
  /** Workflow files, directories or globs, relative to the job's working directory. */
  workflows: string[];
  /** Only the workflows with these metadata.name values; empty means all that were found. */
  names: string[];
  /**
   * The kubeconfig as given: YAML, base64 of it, or a file path (a GitLab file-type variable);
   * undefined uses KUBECONFIG or ~/.kube/config.
   */
  kubeconfig?: string;
  /** Kubeconfig context; undefined uses the current context. */
  context?: string;
  /** Run in this existing namespace instead of a fresh one per run. */
  namespace?: string;
  /** Manifests of the app under test: files, directories or globs. */
  manifests: string[];
  /** Config values given as key=value lines, in the order given. */
  config: Record<string, string>;
  /** Overall timeout of each run as a duration (e.g. 30m); undefined keeps the workflow's own. */
  timeout?: string;
  keepNamespace: KeepNamespace;
}
