// Console output for a GitLab job log, where each service, step and worker becomes a
// collapsible section. GitLab recognises
//   \e[0Ksection_start:<unix seconds>:<name>[collapsed=true]\r\e[0K<title>
//   …lines…
//   \e[0Ksection_end:<unix seconds>:<name>\r\e[0K
// with names of letters, digits, `_`, `.` and `-` (https://docs.gitlab.com/ci/jobs/job_logs/).
//
// GitLab nests sections by order in the log, but a run's parts overlap in time (services start
// together, parallel workers run side by side). A section that is closed while a later one is
// still open therefore ends only once that later one has ended: the log stays well nested, and a
// section may hold a few lines of its neighbours rather than breaking the folding.
import type { ConsoleSink } from '../../ports/console-sink.js';

/** A console without groups (a terminal, `shakedown run`). */
export function plainConsole(write: (text: string) => void): ConsoleSink {
  return {
    line: (text) => write(`${text}\n`),
    group: (title) => {
      write(`${title}\n`);
      return () => {};
    },
  };
}

interface OpenSection {
  name: string;
  closed: boolean;
}

const ESC = '\u001b[0K';
// Matching ESC and other control characters is the point of these two.
// eslint-disable-next-line no-control-regex
const MARKER_PREFIX = /\u001b\[0K(?=section_)/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]+/g;

export class GitLabSections implements ConsoleSink {
  private readonly stack: OpenSection[] = [];
  private count = 0;

  /**
   * @param write receives whole lines with their newline.
   * @param now milliseconds since the epoch (the markers carry unix seconds).
   */
  constructor(
    private readonly write: (text: string) => void,
    private readonly now: () => number,
  ) {}

  line(text: string): void {
    // A line that looks like a marker would open or close sections of its own.
    this.write(`${text.replace(MARKER_PREFIX, '')}\n`);
  }

  group(title: string, options: { expanded?: boolean } = {}): () => void {
    this.count += 1;
    const section: OpenSection = { name: sectionName(this.count, title), closed: false };
    this.stack.push(section);
    const folded = options.expanded ? '' : '[collapsed=true]';
    this.write(
      `${ESC}section_start:${this.seconds()}:${section.name}${folded}\r${ESC}${oneLine(title)}\n`,
    );
    return () => this.close(section);
  }

  /** Ends every section still open (the run is over). */
  closeAll(): void {
    for (const section of this.stack) section.closed = true;
    this.flush();
  }

  private close(section: OpenSection): void {
    if (section.closed) return;
    section.closed = true;
    this.flush();
  }

  private flush(): void {
    while (this.stack.length > 0 && this.stack.at(-1)!.closed) {
      const { name } = this.stack.pop()!;
      this.write(`${ESC}section_end:${this.seconds()}:${name}\r${ESC}\n`);
    }
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

/** A unique section name: a counter, then the title's letters and digits. */
export function sectionName(index: number, title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return `shakedown_${index}${slug ? `_${slug}` : ''}`;
}

function oneLine(text: string): string {
  // Control characters (a CR would end the title, ESC could forge markers) become spaces.
  return text.replace(CONTROL, ' ').trim();
}
