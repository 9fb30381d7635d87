// What the engine needs from a Kubernetes cluster, and nothing more. The adapter in
// src/adapters/kubernetes/ is the only place that imports @kubernetes/client-node; objects cross
// this boundary as plain JSON (the shape of the Kubernetes API), so the pure pod builder and the
// tests do not depend on the client library's classes.

/** A Kubernetes object as the API serves it (apiVersion, kind, metadata, spec, status…). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Failures mapped once from HTTP status codes, so the engine reasons about kinds, not numbers. */
export type KubeErrorKind =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Invalid'
  | 'Gone'
  | 'Unavailable'
  | 'Timeout'
  | 'Unknown';

export class KubeError extends Error {
  constructor(
    readonly kind: KubeErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KubeError';
  }
}

/** One permission the run needs, checked with a SelfSubjectAccessReview before anything is created. */
export interface AccessNeed {
  verb: string;
  /** API group, '' for core. */
  group: string;
  resource: string;
  subresource?: string;
  /** One object only (e.g. `bind` on one ClusterRole). */
  name?: string;
  /** Undefined for cluster-scoped resources (namespaces). */
  namespace?: string;
}

export interface Identity {
  /** Server version, e.g. v1.33.5. */
  serverVersion: string;
  /** Who the API says we are (SelfSubjectReview), when the server allows asking. */
  username?: string;
  /** The context and cluster used, for messages. */
  context: string;
  server: string;
}

export type WatchEvent<T = KubeObject> =
  { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T } | { type: 'ERROR'; error: KubeError };

export interface ExecOptions {
  /** Closes the exec (the run was cancelled or hit its deadline); rejects with Timeout. */
  signal?: AbortSignal;
  /** Closes the exec after this long; rejects with Timeout. */
  timeoutMs?: number;
  /** Closes the exec once stdout exceeds this; rejects with Invalid. */
  maxStdoutBytes?: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

export interface KubePort {
  /** The credential texts of the kubeconfig in use (tokens, keys, passwords), for masking. */
  credentials?(): string[];
  /** Checks the API answers and the credentials are accepted. Throws KubeError otherwise. */
  identity(): Promise<Identity>;
  /** Returns the needs that are NOT allowed (empty when everything is). */
  missingAccess(needs: AccessNeed[]): Promise<AccessNeed[]>;

  createNamespace(
    name: string,
    labels: Record<string, string>,
    annotations: Record<string, string>,
  ): Promise<void>;
  /** Starts deletion and resolves when the namespace is gone, or after timeoutMs (then throws Timeout). */
  deleteNamespace(name: string, timeoutMs: number): Promise<void>;
  /** Namespaces carrying a label selector, e.g. to find a killed run's leftovers. */
  listNamespaces(labelSelector: string): Promise<KubeObject[]>;
  /** The cluster's Nodes (for their OS and architecture); needs a cluster-wide `list nodes`. */
  listNodes(): Promise<KubeObject[]>;

  /**
   * Creates an object. With `dryRun` the API server runs its whole validation and admission
   * (`dryRun=All`) and persists nothing: how Kubernetes' own fields are checked before a run.
   */
  create(object: KubeObject, options?: { dryRun?: boolean }): Promise<KubeObject>;
  /**
   * Server-side apply with our field manager; returns the applied objects. Objects land in
   * `namespace`: a cluster-scoped kind or a manifest naming another namespace is refused (Invalid).
   */
  apply(objects: KubeObject[], namespace: string): Promise<KubeObject[]>;
  get(
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
  ): Promise<KubeObject | undefined>;
  /** Deletes every object of the given kinds carrying labelSelector in the namespace. */
  deleteCollection(
    namespace: string,
    kinds: { apiVersion: string; kind: string }[],
    labelSelector: string,
  ): Promise<void>;

  /**
   * Watches objects of one kind in a namespace. Yields errors as values, resumes from the last
   * resourceVersion after a dropped connection, relists after 410 Gone (emitting ADDED for
   * what it finds, DELETED for what vanished meanwhile), and closes its stream when the signal
   * aborts. After an error retrying cannot fix (Forbidden, Unauthorized, Invalid, NotFound) it
   * yields that error and ends; other errors are yielded and retried with backoff.
   */
  watch(
    apiVersion: string,
    kind: string,
    namespace: string,
    labelSelector: string | undefined,
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent>;

  /**
   * Runs a command in a container; stdin is written then closed. Throws a KubeError when the
   * command could not run at all (no exit code), e.g. an unknown container.
   */
  exec(
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    stdin?: Buffer,
    options?: ExecOptions,
  ): Promise<ExecResult>;
  /**
   * Follows a container's log until it ends or the signal aborts, calling onChunk with whole
   * lines (newline included; a last line may lack it). Waits for a container that has not
   * started; returns at once when the pod is gone or finished without starting it.
   */
  followLogs(
    namespace: string,
    pod: string,
    container: string,
    onChunk: (text: string) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** Recent events of an object (for reasons such as FailedScheduling). */
  events(
    namespace: string,
    name: string,
  ): Promise<{ reason: string; message: string; type: string }[]>;
}
