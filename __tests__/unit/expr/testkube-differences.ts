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

// Where a null can come from: the literal, null data (nothing, obj.z, inside obj) and missing keys.
const NULL_SOURCE = /null|nothing|obj\b|\bat\(|yaml\(|json\(|any\(|join\(/;
const mentions = (v: Case, pattern: RegExp) => pattern.test(v.expr);

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    reason:
      "Testkube tells a null of the data (Go nil: prints 'null', is true, tojson gives 'null') from an absent value and the null literal (None: prints '', is false, marshals as {}); Shakedown has one null, which prints '' and is false",
    // Only where a null can be in play; then any text or truthiness may follow from it.
    applies: (v, ours) =>
      mentions(v, NULL_SOURCE) &&
      ours.ok &&
      (v.testkube.ok || /<nil>|null\W/.test(v.testkube.error ?? '')),
  },
  {
    reason:
      'Testkube folds constant parts while compiling, so an error in a branch that is never taken (`x ? 1 : "a" < 1`) fails it; Shakedown evaluates only the branch taken',
    applies: (v, ours) =>
      !v.testkube.ok &&
      ours.ok &&
      /^compiling: (error while|expression error)/.test(v.testkube.error ?? ''),
  },
  {
    reason:
      'An unknown variable or a missing key of config is an error in Shakedown (a typo must not become an empty value); Testkube resolves it to nothing or keeps the expression',
    applies: (v, ours) => v.testkube.ok && !ours.ok && /unknown variable/.test(ours.error ?? ''),
  },
  {
    reason:
      'Testkube\'s tokenizer reads a list or object literal as one JSON value, so `[1, x]` or `{"a": f()}` is a syntax error there; Shakedown evaluates the expressions inside literals',
    applies: (v, ours) =>
      !v.testkube.ok && ours.ok && /error while decoding JSON/.test(v.testkube.error ?? ''),
  },
  {
    reason:
      'Testkube has no `x[index]` access (`[1]` after a value is a second JSON token, a syntax error); Shakedown reads it as `x.index`',
    applies: (v, ours) => !v.testkube.ok && ours.ok && /[\w\])"]\[/.test(v.expr),
  },
  {
    reason:
      'Go iterates maps in random order, so entries() and `obj.*` order differ run to run in Testkube; Shakedown keeps the written order',
    applies: (v) => mentions(v, /entries\(|\.\*/),
  },
  {
    reason:
      'Testkube evaluates any() when the expression is compiled, before variables are known, so a literal argument wins over an earlier variable (`any(obj, "x")` is "x"); Shakedown returns the first argument that has a value',
    applies: (v) => mentions(v, /\bany\(/),
  },
  {
    reason: 'jq() is refused by name in Shakedown (no jq engine)',
    applies: (v, ours) => !ours.ok && mentions(v, /\bjq\(/),
  },
  {
    reason:
      'date() is the time of the run: Shakedown evaluates it only at run time, and the recorded value is a past instant',
    applies: (v) => mentions(v, /\bdate\(/),
  },
];
