/**
 * Where Shakedown knowingly gives another result than Testkube, each with the reason. A vector
 * that differs and matches none of these fails the vector test; a class that no longer matches
 * anything fails it too, so the list cannot go stale.
 */
export type Answer = { ok: boolean; value?: unknown; text?: string; type?: string; error?: string };
export type Case = { expr: string; template: boolean; testkube: Answer };

export type KnownDifference = {
  reason: string;
  applies(vector: Case, ours: Answer): boolean;
};

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    // Deliberate. Testkube's own processor registers config as names with a prefix
    // (`config.x`), so there too an unknown key is an unknown variable; only the oracle, which
    // registers `config` as one map, reads it as None.
    reason:
      "A missing key of config is an unknown variable in Shakedown (a typo must not become an empty value), as in Testkube's processor; the oracle registers config as one map and reads it as None",
    applies: (v, ours) =>
      v.testkube.ok && !ours.ok && /unknown variable 'config\./.test(ours.error ?? ''),
  },
  {
    reason: 'jq() is refused by name in Shakedown (no jq engine)',
    applies: (v, ours) => !ours.ok && /\bjq\(/.test(v.expr),
  },
];
