// What of an error body goes into a message. A proxy or load balancer in front of an API answers
// failures with whole HTML pages (hundreds of KB); printed as they are they bury the one line
// that matters and fill CI logs. So a body becomes a short, single-line excerpt plus its size.

/** Characters of an error body kept in a message. */
export const EXCERPT_CHARS = 300;

const HTML = /^\s*(<!doctype html|<html|<\?xml|<head|<body)/i;

/** The readable text of an HTML page: its title first, tags and scripts dropped. */
function htmlText(body: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
  const text = body
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ');
  return title && !text.trimStart().startsWith(title) ? `${title}: ${text}` : text;
}

/**
 * A body cut to `max` characters on one line; when anything was dropped (tags, the rest of
 * the text) the original size is appended, so the reader knows the excerpt is partial.
 */
export function bodyExcerpt(body: string, max = EXCERPT_CHARS): string {
  // Only the start is ever shown: do not scan megabytes to show 300 characters.
  const head = body.length > max * 64 ? body.slice(0, max * 64) : body;
  const html = HTML.test(head);
  const text = (html ? htmlText(head) : head).replace(/\s+/g, ' ').trim();
  const cut = text.length > max;
  const shown = cut ? `${text.slice(0, max).trimEnd()}…` : text;
  if (!cut && !html && head.length === body.length) return shown;
  const size =
    body.length < 10_000 ? `${body.length} chars` : `${Math.round(body.length / 1024)} KB`;
  return `${shown} [${html ? 'HTML page, ' : ''}${size} in all]`;
}
