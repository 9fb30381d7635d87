// Testkube's step sharing in shell scripts: `{{ step.results }}` (a folder of the current step),
// `{{ step.ID.results }}` and `{{ step.ID.outputs.KEY }}` (what step ID wrote to
// /testkube/outputs/KEY). Testkube's toolkit resolves them in the pod between steps; Shakedown
// resolves them in the shell: the folders are /data/.steps/ID (shared by the pod's containers),
// a producing step's script copies its /testkube/outputs there when it ends, and an output is
// read back with `$(cat …)` when the consuming script runs (Kubernetes leaves `$(cat …)` alone:
// it only expands `$(NAME)` of defined variables).

export const STEP_RESULTS_DIR = '/data/.steps';

const CURRENT = /\{\{\s*step\.results\s*\}\}/g;
const RESULTS = /\{\{\s*step\.([a-z0-9_]+)\.results\s*\}\}/g;
const OUTPUT = /\{\{\s*step\.([a-z0-9_]+)\.outputs\.([A-Za-z0-9_.-]+)\s*\}\}/g;
const ANY = /\{\{\s*step\.(?:results|[a-z0-9_]+\.(?:results|outputs\.[A-Za-z0-9_.-]+))\s*\}\}/g;

/** Whether a script uses any of the forms above. */
export function usesStepSharing(script: string): boolean {
  return new RegExp(ANY.source).test(script);
}

/** The script with the forms above blanked (positions kept), for checking what remains. */
export function withoutStepSharing(script: string): string {
  return script.replace(new RegExp(ANY.source, 'g'), (m) => ' '.repeat(m.length));
}

/** The ids of the steps whose results or outputs a text (a whole spec) refers to. */
export function sharedStepIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(/step\.([a-z0-9_]+)\.(?:results|outputs)\b/g)) ids.add(m[1]!);
  return ids;
}

/** The script with the forms above replaced for the step `currentId`. */
export function shareSteps(script: string, currentId: string): string {
  return script
    .replace(CURRENT, `${STEP_RESULTS_DIR}/${currentId}`)
    .replace(RESULTS, (_, id: string) => `${STEP_RESULTS_DIR}/${id}`)
    .replace(
      OUTPUT,
      (_, id: string, key: string) =>
        `$(cat '${STEP_RESULTS_DIR}/${id}/.outputs/${key}' 2>/dev/null)`,
    );
}

/**
 * Lines put before the script of a step whose results or outputs are shared: its folder, and,
 * when the script ends (passed or not), its /testkube/outputs kept for the steps after it. As
 * in Testkube, each attempt starts with no outputs.
 */
export function sharingPrologue(id: string): string {
  const dir = `${STEP_RESULTS_DIR}/${id}`;
  return [
    `rm -rf '${dir}/.outputs' /testkube/outputs 2>/dev/null || :`,
    `mkdir -p '${dir}/.outputs' /testkube/outputs 2>/dev/null || :`,
    `trap 'c=$?; for f in /testkube/outputs/*; do [ -f "$f" ] && cp "$f" '"'"'${dir}/.outputs/'"'"'; done; exit $c' EXIT`,
    '',
  ].join('\n');
}
