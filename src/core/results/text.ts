// Text clean-up shared by the results writers and the report renderers. Test output is
// arbitrary bytes from someone else's program: colour codes from a terminal-aware runner,
// NULs, bidi overrides. None of it may reach an XML file (where it makes the file invalid)
// or a rendered report (where it garbles or spoofs what reviewers read).

// CSI sequences (colours, cursor moves) and OSC sequences (titles, hyperlinks).
const ANSI =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

// Characters XML 1.0 forbids outright (C0 controls other than tab/LF/CR, lone surrogates,
// U+FFFE/U+FFFF), plus C1 controls and DEL, which are legal but never meant.
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// Bidirectional overrides and isolates: used to make text read differently than it is.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to put in an XML document or a report: no escape sequences, no forbidden characters. */
export function cleanText(text: string): string {
  return stripAnsi(text).replace(/\r\n?/g, '\n').replace(NOT_XML, '').replace(BIDI, '');
}

/** Trims blank lines around a block of text but keeps the indentation of its first line. */
export function trimBlock(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}

/** First non-empty line of a text, trimmed. */
export function firstLine(text: string): string {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed) return trimmed;
  }
  return '';
}
