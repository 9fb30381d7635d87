// Everything that goes into report.html from a run is text: escaped for element content and
// attribute values alike, so no name, message or log line can become markup.
import { cleanText } from '../../results/text.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML text or attribute value; control characters and ANSI colours removed. */
export function escapeHtml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A relative path inside the results folder as a link that opens the file beside the report. */
export function fileLink(path: string, label = path): string {
  const href = path
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
  return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}
