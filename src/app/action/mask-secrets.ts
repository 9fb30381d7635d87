// Registers credentials with the runner before anything is logged, so a kubeconfig token in an
// error message or a sensitive config value echoed by a test shows as ***.
//
// The runner matches masks line by line: a multi-line value (a PEM key) is registered one line
// at a time, or it would never match. Very short values are skipped: masking "1" or "true" would
// scramble every log line without protecting anything.
import type { ActionRuntime } from './action-runtime.js';
import type { ActionSettings } from './action-settings.js';
import { rawKubeconfigSecret } from '../../core/secrets/raw-kubeconfig.js';

const MIN_SECRET_LENGTH = 4;

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

export { rawKubeconfigSecret } from '../../core/secrets/raw-kubeconfig.js';

/** The credential strings of the kubeconfig the settings select (file, YAML, base64, KUBECONFIG…). */
export type ClusterSecrets = (settings: ActionSettings) => Promise<string[]>;

/** Masks the kubeconfig input and every credential in the kubeconfig it leads to. */
export async function maskCluster(
  runtime: ActionRuntime,
  settings: ActionSettings,
  clusterSecrets: ClusterSecrets,
): Promise<void> {
  maskSecrets(runtime, rawKubeconfigSecret(settings.kubeconfig));
  maskSecrets(runtime, await clusterSecrets(settings));
}
