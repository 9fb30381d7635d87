// Values of `sensitive` config parameters must not show in anything Shakedown prints.

export const MASK = '***';

/** Non-empty secret texts, longest first, so a secret containing another is masked whole. */
export function secretTexts(values: readonly unknown[]): string[] {
  return values
    .filter((v) => v !== undefined && v !== null)
    .map(String)
    .filter((v) => v !== '')
    .sort((a, b) => b.length - a.length);
}

export function maskText(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
}
