// `shakedown cleanup --run-id ID [--namespace NS]`: removes what a killed run left in the
// cluster. Exit 0 when nothing of the run is left (also when there was nothing), 2 on errors.
import { parseArgs } from 'node:util';
import { isRunId } from '../../core/engine/labels.js';
import type { CliEnvironment } from '../../ports/cli-environment.js';
import { cleanupRun } from '../run/cleanup-runs.js';
import { errorMessage } from '../run/run-context.js';

const USAGE = `Usage: shakedown cleanup --run-id ID [options]

Removes what a run left in the cluster: its namespace, or with --namespace the objects labelled
with its run id in that existing namespace.

Options:
  --run-id ID              the run to clean up (repeatable)
  --namespace NS           the existing namespace the run used (--namespace of 'shakedown run')
  --kubeconfig FILE|YAML   kubeconfig file, YAML or base64 text
  --context NAME           kubeconfig context
  -h, --help               show this help
`;

export async function cleanupCommand(args: string[], env: CliEnvironment): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        'run-id': { type: 'string', multiple: true, default: [] },
        namespace: { type: 'string' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
    if (values.help) {
      env.stdout(USAGE);
      return 0;
    }
    if (values['run-id'].length === 0) throw new Error('give --run-id.');
    const bad = values['run-id'].find((id) => !isRunId(id));
    if (bad !== undefined)
      throw new Error(`--run-id '${bad}' must be 4 to 20 lowercase letters and digits.`);
  } catch (error) {
    env.stderr(`shakedown cleanup: ${errorMessage(error)}\n\n${USAGE}`);
    return 2;
  }
  if (!env.run) {
    env.stderr('shakedown cleanup: not available in this environment.\n');
    return 2;
  }
  try {
    const kube = await env.run.connect({
      ...(values.kubeconfig !== undefined && { kubeconfig: values.kubeconfig }),
      ...(values.context !== undefined && { context: values.context }),
    });
    for (const runId of values['run-id']) {
      const removed = await cleanupRun(kube, runId, values.namespace);
      env.stderr(
        removed.length > 0
          ? `run ${runId}: removed ${removed.join(', ')}\n`
          : `run ${runId}: nothing left\n`,
      );
    }
    return 0;
  } catch (error) {
    env.stderr(`shakedown cleanup: ${errorMessage(error)}\n`);
    return 2;
  }
}
