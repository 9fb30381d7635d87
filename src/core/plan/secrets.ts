// Values of `sensitive` config parameters (the workflow's and its templates') must not show in
// anything Shakedown prints. The length rule is the masker's (core/secrets): a value shorter
// than MIN_SECRET_LENGTH is not masked anywhere, so a one-character value cannot rewrite a plan.
import { MASK, MIN_SECRET_LENGTH } from '../secrets/masker.js';

export { MASK };

/** Secret texts worth masking, once each, longest first, so a secret containing another is masked whole. */
export function secretTexts(values: readonly unknown[]): string[] {
  const texts = values
    .filter((v) => v !== undefined && v !== null)
    .map(String)
    .filter((v) => v.length >= MIN_SECRET_LENGTH);
  return [...new Set(texts)].sort((a, b) => b.length - a.length);
}

export function maskText(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
}
