// Hardened XML reading for test reports. Reports come out of containers that run arbitrary
// code, so they are untrusted input: no DTD, no entity declarations (neither external entities
// nor "billion laughs" expansion), bounded size and nesting. Only the five predefined XML
// entities and character references are decoded.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ResultsParseError, checkSize } from './parse-error.js';

/** Element nesting deeper than this is refused (real reports nest a handful of levels). */
export const MAX_XML_DEPTH = 64;

/** A parsed element: attributes under `@_name`, text under `#text`, children by tag name. */
export interface XmlElement {
  [key: string]: string | XmlElement | XmlElement[] | undefined;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeReference(match: string, body: string): string {
  if (body[0] !== '#') return PREDEFINED[body] ?? match;
  const code =
    body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1));
  // Control characters are not allowed in XML, but runners do write "&#x1b;[31m": decode them
  // so that cleanText can remove whole escape sequences rather than leave debris.
  const allowed =
    (code >= 0x1 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  return allowed ? String.fromCodePoint(code) : '\ufffd';
}

// fast-xml-parser leaves character references undecoded unless HTML entities are switched on,
// which would also accept HTML's named entities; this decoder does exactly what XML defines
// and refuses declared entities outright.
const xmlEntities = {
  setExternalEntities: (): void => {},
  addInputEntities: (entities: Record<string, string>): void => {
    const names = Object.keys(entities);
    if (names.length > 0) throw new Error(`entity declarations are refused (found '${names[0]}')`);
  },
  reset: (): void => {},
  setXmlVersion: (): void => {},
  decode: (text: string): string =>
    text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]+);/g, decodeReference),
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  alwaysCreateTextNode: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  entityDecoder: xmlEntities,
  maxNestedTags: MAX_XML_DEPTH,
});

/** Index of the first element after the XML declaration, comments and processing instructions. */
function prologEnd(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?', i)) i = text.indexOf('?>', i) + 2;
    else if (text.startsWith('<!--', i)) i = text.indexOf('-->', i) + 3;
    else return i;
    if (i < 2) return text.length;
  }
}

function lineAndColumn(text: string, index: number): [number, number] {
  const before = text.slice(0, index).split('\n');
  return [before.length, before[before.length - 1]!.length + 1];
}

/**
 * Parses an XML document into plain objects, refusing a DTD, entity declarations, more than
 * 50 MiB and nesting deeper than MAX_XML_DEPTH. Errors name the source and the position.
 */
export function readXml(input: string, source: string): XmlElement {
  checkSize(input, source, 'XML');
  const text = input.startsWith('\ufeff') ? input.slice(1) : input;
  const start = prologEnd(text);
  if (/^<!DOCTYPE/i.test(text.slice(start, start + 9))) {
    const [line, column] = lineAndColumn(text, start);
    throw new ResultsParseError(
      source,
      'a DOCTYPE is refused in test reports (no DTDs or entities are read); expected a <testsuites> or <testsuite> document without one',
      line,
      column,
    );
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ResultsParseError(
      source,
      `not well-formed XML: ${valid.err.msg}`,
      valid.err.line,
      valid.err.col,
    );
  }
  try {
    return parser.parse(text) as XmlElement;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const detail = /nested tags/i.test(message)
      ? `elements nest deeper than ${MAX_XML_DEPTH} levels`
      : message;
    throw new ResultsParseError(source, `cannot read XML: ${detail}`);
  }
}

/** Child elements with a tag name, whether the parser gave one or many. */
export function children(element: XmlElement, tag: string): XmlElement[] {
  const value = element[tag];
  if (value === undefined || typeof value === 'string') return [];
  return Array.isArray(value) ? value : [value];
}

export function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

export function textOf(element: XmlElement): string {
  const value = element['#text'];
  return typeof value === 'string' ? value : '';
}
