// Size budgets. Platforms refuse an over-long body outright (GitHub: 422 / "exceeds a maximum
// bytesize"), so a report is made to fit: first by rendering less detail (see fit-report.ts),
// last by cutting the markdown — closing whatever the cut left open, so the rest of the page
// still renders.
import { cutToSize, measure, type SizeUnit } from './markdown.js';

export interface Budget {
  limit: number;
  unit: SizeUnit;
}

export function fits(text: string, budget: Budget): boolean {
  return measure(text, budget.unit) <= budget.limit;
}

/** What must be appended to close the fences and <details> open at the end of `text`. */
export function closers(text: string): string {
  let fence: string | undefined;
  let openDetails = 0;
  for (const line of text.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (
        marker &&
        marker[0] === fence[0] &&
        marker.length >= fence.length &&
        line.trim() === marker
      ) {
        fence = undefined;
      }
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    // Only our own markup can contain these tags: test output is escaped.
    openDetails += (line.match(/<details[\s>]/g) ?? []).length;
    openDetails -= (line.match(/<\/details>/g) ?? []).length;
  }
  let close = fence ? `\n${fence}\n` : '';
  if (openDetails > 0) close += '\n' + '</details>\n'.repeat(openDetails);
  return close;
}

/**
 * Cuts markdown to the budget at a line boundary when it is over, closes what the cut left
 * open, and appends `note` (markdown). The result always fits, the note included when possible.
 */
export function truncateMarkdown(text: string, budget: Budget, note: string): string {
  if (fits(text, budget)) return text;
  const tail = `\n\n${note}\n`;
  let room = budget.limit - measure(tail, budget.unit);
  for (let attempt = 0; attempt < 8 && room > 0; attempt++) {
    let head = cutToSize(text, room, budget.unit);
    const lastBreak = head.lastIndexOf('\n');
    if (lastBreak > 0) head = head.slice(0, lastBreak);
    const result = `${head}${closers(head)}${tail}`;
    if (fits(result, budget)) return result;
    room -= measure(result, budget.unit) - budget.limit;
  }
  return cutToSize(note, budget.limit, budget.unit);
}
