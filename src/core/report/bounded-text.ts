// Text measured while it is built, against the room a budget leaves. A run can hold far more
// steps, services and tests than a report has room for; rendering them all only to learn that
// the report is too big made the cost follow the size of the run instead of the budget. So
// sections render one row at a time and stop at the first row past their room. What they return
// then is the start of the section and longer than the room: it cannot fit, and cutting it to the
// budget gives what cutting the whole section would.
import type { Budget } from './budget.js';
import { measure } from './markdown.js';

export class BoundedText {
  private readonly parts: string[] = [];
  private size = 0;

  /** Without a room nothing is measured and nothing is ever over. */
  constructor(private readonly room?: Budget) {}

  /** Already longer than the room: render nothing more. */
  get over(): boolean {
    return this.room !== undefined && this.size > this.room.limit;
  }

  add(text: string): this {
    this.parts.push(text);
    if (this.room) this.size += measure(text, this.room.unit);
    return this;
  }

  /** Adds render(item) for item after item; false when it stopped, over the room, before the last. */
  addEach<T>(items: Iterable<T>, render: (item: T) => string): boolean {
    for (const item of items) {
      if (this.over) return false;
      this.add(render(item));
    }
    return true;
  }

  toString(): string {
    return this.parts.join('');
  }
}

/** A report section rendered within the room it is given (see BoundedText). */
export type Section = (room: Budget) => string;

// Sections are joined by one line break: one byte, one character.
const BREAK = 1;

/**
 * Report sections joined by line breaks, empty ones left out. Each is given the room that the ones
 * before it left; once the page is over its budget, later sections are not rendered at all.
 */
export class Page {
  private constructor(
    private readonly budget: Budget,
    private readonly sections: string[],
    private size: number,
  ) {}

  static within(budget: Budget): Page {
    return new Page(budget, [], 0);
  }

  get over(): boolean {
    return this.size > this.budget.limit;
  }

  /** Whether sections of these sizes (none empty) would still fit after the ones on the page. */
  fitsWith(...sizes: number[]): boolean {
    let size = this.size;
    for (const [i, s] of sizes.entries()) size += s + (this.sections.length + i > 0 ? BREAK : 0);
    return size <= this.budget.limit;
  }

  add(section: Section | string): this {
    if (this.over) return this;
    const gap = this.sections.length > 0 ? BREAK : 0;
    const text =
      typeof section === 'string'
        ? section
        : section({ limit: this.budget.limit - this.size - gap, unit: this.budget.unit });
    if (text === '') return this;
    this.sections.push(text);
    this.size += gap + measure(text, this.budget.unit);
    return this;
  }

  copy(): Page {
    return new Page(this.budget, [...this.sections], this.size);
  }

  toString(): string {
    return this.sections.join('\n');
  }
}
