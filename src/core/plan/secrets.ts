// Values of `sensitive` config parameters (the workflow's and its templates') must not show in
// anything Shakedown prints.

export const MASK = '***';

/** Non-empty secret texts, once each, longest first, so a secret containing another is masked whole. */
export function secretTexts(values: readonly unknown[]): string[] {
  const texts = values
    .filter((v) => v !== undefined && v !== null)
    .map(String)
    .filter((v) => v !== '');
  return [...new Set(texts)].sort((a, b) => b.length - a.length);
}

export function maskText(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
}
