/**
 * `secret(name, key)` as Testkube reads it: a reference to a key of a Kubernetes Secret, which
 * its processor turns into an env variable with a secretKeyRef. Shakedown supports the one form
 * that maps to Kubernetes directly, an env value that is nothing but the call.
 */
import type { Node } from './ast.js';
import { checkFunctions, checkVariables } from './check.js';
import { ExpressionError } from './errors.js';
import { partialScope, reduce } from './partial.js';
import { parseTemplate } from './template.js';
import { toText, type Plain } from './values.js';

export type SecretCall = { name: Node; key: Node; start: number };

/** The secret() call when the template is exactly `{{ secret(name, key[, computed]) }}`. */
export function secretCall(template: string): SecretCall | undefined {
  if (!template.includes('secret')) return undefined;
  let parts;
  try {
    parts = parseTemplate(template);
  } catch {
    return undefined;
  }
  if (parts.length !== 1 || parts[0].kind !== 'expression') return undefined;
  const node = parts[0].node;
  if (node?.kind !== 'call' || node.name !== 'secret') return undefined;
  if (node.args.length < 2 || node.args.length > 3 || node.args.some((a) => a.spread))
    return undefined;
  return { name: node.args[0].value, key: node.args[1].value, start: node.start };
}

/** Validate-time checks of the arguments (functions and variables), as for any expression. */
export function checkSecretCall(
  template: string,
  call: SecretCall,
  roots?: ReadonlySet<string>,
): void {
  for (const arg of [call.name, call.key]) {
    checkFunctions(arg, template);
    if (roots) checkVariables(arg, template, roots);
  }
}

/** The Secret's name and key, which must be known before the run (they go into the pod). */
export function secretKeyRef(
  template: string,
  call: SecretCall,
  vars: Plain,
  deferred: readonly string[],
): { name: string; key: string } {
  const scope = partialScope(template, vars, deferred);
  const [name, key] = [call.name, call.key].map((arg) => {
    const result = reduce(arg, scope);
    if (!result.known)
      throw new ExpressionError(
        'the Secret name and key of secret() must be known before the run',
        template,
        arg.start,
      );
    return toText(result.value);
  });
  if (!name || !key)
    throw new ExpressionError('secret() needs a Secret name and a key', template, call.start);
  return { name, key };
}
