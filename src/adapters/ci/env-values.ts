// Values of the variables a CI runner sets (GITHUB_*, CI_*), read the same way for every
// platform: a number only when the variable holds a whole one, URLs without a trailing slash.

export function toInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) ? n : undefined;
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
