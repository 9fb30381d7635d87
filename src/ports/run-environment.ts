// What running a workflow needs from the outside world beyond the CLI environment: a cluster,
// an output directory, time, run ids and interrupt signals. The entry file picks the adapters;
// tests hand in fakes.
import type { Clock } from './clock.js';
import type { ImageConfigPort } from './image-config.js';
import type { KubePort } from './kube.js';
import type { OutputSink } from './output-sink.js';

export interface ConnectOptions {
  /** A kubeconfig file path, raw YAML or base64 text; undefined uses KUBECONFIG, ~/.kube/config or in-cluster. */
  kubeconfig?: string;
  context?: string;
}

export interface RunEnvironment {
  connect(options: ConnectOptions): Promise<KubePort>;
  output(directory: string): OutputSink;
  clock: Clock;
  /** A fresh run id: 6 lowercase letters and digits. */
  newRunId(): string;
  /** A tar archive of workspace paths (relative to the working directory), for --upload. */
  archive(paths: string[]): Promise<Buffer>;
  /** Calls `handler` on SIGINT/SIGTERM until the returned function is called. */
  onInterrupt(handler: (signal: string) => void): () => void;
  /** Image registries, for steps that run their image's entrypoint. */
  images?: ImageConfigPort;
}
