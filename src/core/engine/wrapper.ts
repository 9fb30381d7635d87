// The shell side of the gate protocol (docs/architecture.md, "Execution model"). Every step
// attempt is an init container whose command is this wrapper, run by the busybox that the setup
// container copied into the shared /.shakedown volume — so it works in images without a shell.
//
// The wrapper waits for the engine's decision file, runs the step (in its own process group,
// so a timeout or a cancel stops the whole tree), and reports the outcome as one JSON line in
// the termination message. It always exits 0: a failing step must not stop the kubelet from
// starting the next container, which may be a `condition: always` step.
//
// Kubernetes expands `$(NAME)` in command and args, so the script never uses `$(` command
// substitution or `$$`.

export const SHAKEDOWN_DIR = '/.shakedown';
export const BUSYBOX = `${SHAKEDOWN_DIR}/bin/busybox`;
export const GATE_DIR = `${SHAKEDOWN_DIR}/gate`;
export const STATE_DIR = `${SHAKEDOWN_DIR}/state`;
/** Copies of artifacts that live outside the shared volumes, per container. */
export const ARTIFACT_COPY_DIR = `${SHAKEDOWN_DIR}/artifacts`;
export const CONTENT_SOURCE_DIR = '/.shakedown-content';
export const DATA_DIR = '/data';
/** Where the toolbox image keeps its statically linked busybox. */
export const TOOLBOX_BUSYBOX = '/bin/busybox';

export type GateDecision = 'run' | 'skip';

/**
 * Positional parameters: $1 container name, $2 timeout in seconds ('0' = none), $3 artifact
 * directories outside the shared volumes (newline-separated), $4 mode (`exec` or `shell`),
 * then the argv (exec) or the script (shell).
 */
export const STEP_WRAPPER = `B=${BUSYBOX}
D=${SHAKEDOWN_DIR}
name="$1"; limit="$2"; bases="$3"; mode="$4"; shift 4
gate="$D/gate/$name"
trap 'exit 143' TERM INT
while [ ! -f "$gate" ]; do "$B" sleep 0.1; done
read -r decision < "$gate"
if [ "$decision" != run ]; then
  printf '{"exitCode":0,"timedOut":false,"skipped":true}' > /dev/termination-log
  exit 0
fi
if [ "$mode" = shell ]; then
  if [ -x /bin/sh ]; then set -- /bin/sh -c "set -e
$1"; else set -- "$B" sh -c "set -e
$1"; fi
fi
read -r up rest < /proc/uptime; start="\${up%.*}\${up#*.}"
"$B" setsid "$@" &
pid=$!
trap 'kill -TERM -$pid 2>/dev/null; wait $pid; exit 143' TERM INT
dog=
if [ "$limit" != 0 ]; then
  "$B" setsid "$B" sh -c '"$0" sleep "$1"; : > "$2"; kill -TERM -"$3"; "$0" sleep 5; kill -KILL -"$3"' "$B" "$limit" "$D/state/$name.timeout" "$pid" >/dev/null 2>&1 &
  dog=$!
fi
wait $pid; code=$?
[ -n "$dog" ] && kill -TERM -$dog 2>/dev/null
read -r up rest < /proc/uptime; end="\${up%.*}\${up#*.}"
timedout=false; [ -f "$D/state/$name.timeout" ] && timedout=true
if [ -n "$bases" ]; then
  "$B" mkdir -p "$D/artifacts/$name"
  printf '%s\\n' "$bases" | while IFS= read -r b; do
    [ -e "$b" ] && "$B" tar -cf - -C / "\${b#/}" | "$B" tar -xf - -C "$D/artifacts/$name"
  done
fi
printf '{"exitCode":%d,"timedOut":%s,"skipped":false,"startCs":%s,"endCs":%s}' "$code" "$timedout" "$start" "$end" > /dev/termination-log
exit 0
`;

/** The argv of a step container: the wrapper around the step's own command or script. */
export function wrapperCommand(
  container: string,
  timeoutMs: number | undefined,
  artifactBases: string[],
  run: { argv: string[] } | { script: string },
): string[] {
  const limit = timeoutMs ? String(Math.max(timeoutMs, 1) / 1000) : '0';
  const tail = 'argv' in run ? ['exec', ...run.argv] : ['shell', run.script];
  return [
    BUSYBOX,
    'sh',
    '-c',
    STEP_WRAPPER,
    'shakedown',
    container,
    limit,
    artifactBases.join('\n'),
    ...tail,
  ];
}

/** The last container only waits for its gate, so the last step's artifacts can be copied. */
export function finishCommand(container: string): string[] {
  const script = `trap 'exit 0' TERM INT
while [ ! -f "${GATE_DIR}/$1" ]; do "${BUSYBOX}" sleep 0.1; done
exit 0
`;
  return [BUSYBOX, 'sh', '-c', script, 'shakedown', container];
}

/** Run through exec in a waiting container: writes the decision atomically (rename). */
export function gateCommand(container: string, decision: GateDecision): string[] {
  const script = `printf '%s\\n' "$1" > "$2.tmp" && "${BUSYBOX}" mv "$2.tmp" "$2"`;
  return [BUSYBOX, 'sh', '-c', script, 'gate', decision, `${GATE_DIR}/${container}`];
}

/**
 * Run through exec: a tar stream on stdout of those of `paths` (absolute) that exist. Missing
 * paths are left out instead of failing the whole archive. With `maxBytes`, the stream stops
 * one byte past it, so that the caller can tell an archive that is too large from one that fits.
 */
export function archiveCommand(paths: string[], maxBytes?: number): string[] {
  const tar = `"${BUSYBOX}" tar -cf - "$@"`;
  const script = `cd /
for p do shift; [ -e "$p" ] && set -- "$@" "$p"; done
[ $# -eq 0 ] && exit 0
${maxBytes === undefined ? `exec ${tar}` : `set -o pipefail 2>/dev/null; ${tar} | "${BUSYBOX}" head -c ${maxBytes + 1}`}
`;
  return [BUSYBOX, 'sh', '-c', script, 'archive', ...paths.map((p) => p.replace(/^\/+/, ''))];
}

/** Run through exec with a tar archive on stdin: unpacks it into `dir` (made if missing). */
export function unpackCommand(dir: string = DATA_DIR): string[] {
  if (dir === DATA_DIR) return [BUSYBOX, 'tar', '-xf', '-', '-C', DATA_DIR];
  const script = `"${BUSYBOX}" mkdir -p "$1" && exec "${BUSYBOX}" tar -xf - -C "$1"`;
  return [BUSYBOX, 'sh', '-c', script, 'unpack', dir];
}

/** An exec command stopped inside the pod after `seconds` (busybox timeout). */
export function withTimeout(command: string[], seconds: number): string[] {
  return [BUSYBOX, 'timeout', String(seconds), ...command];
}

/** Single-quotes a word for sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Lists the files under `roots` for glob(), one absolute path a line, cut one byte past
 * `maxBytes` so that too long a listing is an error rather than a memory problem. Missing
 * roots list nothing, as a glob over them matches nothing.
 */
export function listFilesCommand(roots: string[], maxBytes: number): string[] {
  const script = `for p do shift; [ -e "$p" ] && set -- "$@" "$p"; done
[ $# -eq 0 ] && exit 0
set -o pipefail 2>/dev/null; "${BUSYBOX}" find "$@" -type f | "${BUSYBOX}" head -c ${maxBytes + 1}
`;
  return [BUSYBOX, 'sh', '-c', script, 'list', ...roots];
}
