// Testkube durations (`timeout`, `delay`, service `timeout`) are Go `time.ParseDuration`
// strings: a sequence of decimal numbers with a unit each, such as `1m30s`, `500ms` or `1.5h`.
// We accept the same grammar (without a sign: a negative wait means nothing here) so existing
// files keep their meaning, and turn it into milliseconds for the plan.

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

export const DURATION_FORM = 'a duration such as 1m30s, 500ms or 2h';

/** Milliseconds (rounded), or an error message naming the text and the expected form. */
export function parseDuration(text: string): { ms: number } | { error: string } {
  const source = text.trim();
  const bad = { error: `'${text}' is not ${DURATION_FORM}` };
  if (source === '0') return { ms: 0 };
  if (source === '') return bad;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < source.length) {
    const match = PART.exec(source);
    if (!match) return bad;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return { ms: Math.round(total) };
}
