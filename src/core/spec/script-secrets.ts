// `{{ secret("name", "key") }}` inside a shell script. Testkube turns secret() into an env var
// of the container read from that Secret key, and the toolkit puts its value into the script;
// Shakedown gives the container the same env var (a secretKeyRef) and writes `$(NAME)` in the
// script, which Kubernetes replaces when it starts the container — so the value never passes
// through Shakedown, its plan or the pod spec.

const SECRET = /\{\{\s*secret\(\s*(["'])([^"'\\]+)\1\s*,\s*(["'])([^"'\\]+)\3\s*\)\s*\}\}/g;

export interface ScriptSecret {
  env: string;
  name: string;
  key: string;
}

/** Whether a value is exactly one such call. */
export function isScriptSecret(value: string): boolean {
  return new RegExp(`^${SECRET.source}$`).test(value.trim());
}

/** The script with those calls blanked (positions kept), for checking what remains. */
export function withoutScriptSecrets(script: string): string {
  return script.replace(new RegExp(SECRET.source, 'g'), (m) => ' '.repeat(m.length));
}

/** The script with each call replaced by `$(ENV)`, and the env vars it then needs. */
export function scriptSecrets(script: string): { script: string; secrets: ScriptSecret[] } {
  const secrets: ScriptSecret[] = [];
  const out = script.replace(
    new RegExp(SECRET.source, 'g'),
    (_m, _q1, name: string, _q2, key: string) => {
      let found = secrets.find((s) => s.name === name && s.key === key);
      if (!found) {
        found = { env: `SHAKEDOWN_SECRET_${secrets.length}`, name, key };
        secrets.push(found);
      }
      return `$(${found.env})`;
    },
  );
  return { script: out, secrets };
}
