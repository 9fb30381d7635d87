// `kubectl exec` over client-node's websocket: collects stdout as bytes (a tar stream coming
// out of a pod must not pass through a string) and reads the exit code from the V1Status the
// API sends on the status channel — the only reliable source of it.
import { Readable, Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { KubeError, type ExecOptions, type ExecResult } from '../../ports/kube.js';
import { toKubeError } from './errors.js';

class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  size = 0;
  constructor(
    private readonly limit = Infinity,
    private readonly over: () => void = () => undefined,
  ) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.size += chunk.length;
    // Past the bound nothing more is kept: the caller closes the exec.
    if (this.size > this.limit) this.over();
    else this.chunks.push(Buffer.from(chunk));
    callback();
  }
  get buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

// One websocket message per piece keeps frames well under what proxies in front of API
// servers accept.
const STDIN_PIECE = 256 * 1024;

function pieces(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += STDIN_PIECE)
    out.push(data.subarray(at, at + STDIN_PIECE));
  return out;
}

/** Exit code from the status: Success is 0, NonZeroExitCode carries it in details.causes. */
export function exitCodeOf(status: V1Status): number | undefined {
  if (status.status === 'Success') return 0;
  if (status.reason !== 'NonZeroExitCode') return undefined;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = Number(cause?.message);
  return Number.isInteger(code) ? code : undefined;
}

export async function execInPod(
  config: KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
  stdin?: Buffer,
  options: ExecOptions = {},
): Promise<ExecResult> {
  const doing = `exec ${JSON.stringify(command[0] ?? '')} in container '${container}' of pod '${pod}' in namespace '${namespace}'`;
  // Why the exec was closed early, if it was: it then rejects with this.
  let stopped: KubeError | undefined;
  let stop: (why: KubeError) => void = (why) => (stopped ??= why);
  const stdout = new Collector(options.maxStdoutBytes, () =>
    stop(
      new KubeError(
        'Invalid',
        `${doing}: the output is larger than ${options.maxStdoutBytes} bytes`,
      ),
    ),
  );
  const stderr = new Collector(64 * 1024);
  const signals = [
    ...(options.signal ? [options.signal] : []),
    ...(options.timeoutMs !== undefined ? [AbortSignal.timeout(options.timeoutMs)] : []),
  ];
  const abort = signals.length ? AbortSignal.any(signals) : undefined;
  const onAbort = () =>
    stop(
      new KubeError(
        'Timeout',
        options.signal?.aborted
          ? `${doing}: stopped (the run was cancelled or reached its deadline)`
          : `${doing}: no exit status within ${(options.timeoutMs ?? 0) / 1000} s`,
      ),
    );
  if (abort?.aborted) onAbort();
  if (stopped) throw stopped;
  abort?.addEventListener('abort', onAbort, { once: true });
  // A connection that hangs before the upgrade ends at the abort too.
  const aborted = new Promise<never>((_, reject) => {
    if (abort) abort.addEventListener('abort', () => reject(stopped), { once: true });
  });
  aborted.catch(() => undefined);
  let status: V1Status | undefined;
  // The handler ends stdout/stderr when the status arrives; the socket closes after that.
  let socket: Awaited<ReturnType<Exec['exec']>>;
  try {
    const opening = new Exec(config).exec(
      namespace,
      pod,
      container,
      command,
      stdout,
      stderr,
      stdin ? Readable.from(pieces(stdin)) : null,
      false,
      (s) => (status = s),
    );
    // A socket that opens after the abort is closed at once.
    opening.then(
      (late) => stopped && late.terminate(),
      () => undefined,
    );
    socket = await Promise.race([opening, aborted]);
  } catch (error) {
    abort?.removeEventListener('abort', onAbort);
    throw stopped ?? toKubeError(error, doing);
  }
  if (stdin && socket.protocol !== 'v5.channel.k8s.io') {
    // Older protocols cannot close stdin alone; client-node then closes the whole socket
    // and the exit status is lost.
    socket.close();
    throw new KubeError(
      'Unavailable',
      `${doing}: sending stdin needs the v5.channel.k8s.io exec protocol (Kubernetes 1.30+); the server offered '${socket.protocol}'`,
    );
  }
  try {
    await new Promise<void>((resolve, reject) => {
      stop = (why) => {
        stopped ??= why;
        socket.terminate();
        reject(why);
      };
      if (stopped) stop(stopped);
      if (socket.readyState === socket.CLOSED) resolve();
      socket.on('close', () => resolve());
      socket.on('error', (error: Error) => reject(toKubeError(error, doing)));
    });
  } finally {
    abort?.removeEventListener('abort', onAbort);
  }
  if (stopped) throw stopped;
  if (!status) {
    throw new KubeError(
      'Unavailable',
      `${doing}: the connection closed before the command's exit status arrived`,
    );
  }
  const exitCode = exitCodeOf(status);
  if (exitCode === undefined) {
    const message = status.message ?? status.reason ?? 'unknown failure';
    throw new KubeError('Unknown', `${doing}: ${message}`, status.code);
  }
  return { exitCode, stdout: stdout.buffer, stderr: stderr.buffer.toString('utf8') };
}
