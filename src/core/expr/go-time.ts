/**
 * Formats a UTC time with a Go layout (Testkube's date(format) takes Go layouts such as
 * "2006-01-02T15:04:05Z07:00"), covering the common elements: year, month, day, weekday, day
 * of year, 12/24-hour clock, minutes, seconds, fractions, AM/PM and zones (always UTC here).
 */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);
const hour12 = (d: Date): number => d.getUTCHours() % 12 || 12;
const dayOfYear = (d: Date): number =>
  Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;

// Longest first where one element is a prefix of another (January/Jan, 2006/2, 01/1, 15/1…).
const ELEMENTS: [string, (d: Date) => string][] = [
  ['January', (d) => MONTHS[d.getUTCMonth()]],
  ['Jan', (d) => MONTHS[d.getUTCMonth()].slice(0, 3)],
  ['Monday', (d) => DAYS[d.getUTCDay()]],
  ['Mon', (d) => DAYS[d.getUTCDay()].slice(0, 3)],
  ['MST', () => 'UTC'],
  ['2006', (d) => pad(d.getUTCFullYear(), 4)],
  ['002', (d) => pad(dayOfYear(d), 3)],
  ['01', (d) => pad(d.getUTCMonth() + 1, 2)],
  ['02', (d) => pad(d.getUTCDate(), 2)],
  ['03', (d) => pad(hour12(d), 2)],
  ['04', (d) => pad(d.getUTCMinutes(), 2)],
  ['05', (d) => pad(d.getUTCSeconds(), 2)],
  ['06', (d) => pad(d.getUTCFullYear() % 100, 2)],
  ['_2', (d) => pad(d.getUTCDate(), 2, ' ')],
  ['15', (d) => pad(d.getUTCHours(), 2)],
  ['1', (d) => String(d.getUTCMonth() + 1)],
  ['2', (d) => String(d.getUTCDate())],
  ['3', (d) => String(hour12(d))],
  ['4', (d) => String(d.getUTCMinutes())],
  ['5', (d) => String(d.getUTCSeconds())],
  ['PM', (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM')],
  ['pm', (d) => (d.getUTCHours() < 12 ? 'am' : 'pm')],
  ['Z07:00', () => 'Z'],
  ['Z0700', () => 'Z'],
  ['Z07', () => 'Z'],
  ['-07:00', () => '+00:00'],
  ['-0700', () => '+0000'],
  ['-07', () => '+00'],
];

const FRACTION = /^[.,](0+|9+)(?!\d)/;

export function formatGoTime(date: Date, layout: string): string {
  let out = '';
  let i = 0;
  while (i < layout.length) {
    const rest = layout.slice(i);
    const fraction = FRACTION.exec(rest);
    if (fraction) {
      // Only milliseconds are known; further digits are zeros.
      const digits = pad(date.getUTCMilliseconds(), 3).padEnd(fraction[1].length, '0');
      const shown = digits.slice(0, fraction[1].length);
      const trimmed = fraction[1][0] === '9' ? shown.replace(/0+$/, '') : shown;
      out += trimmed ? rest[0] + trimmed : '';
      i += fraction[0].length;
      continue;
    }
    const element = ELEMENTS.find(([token]) => rest.startsWith(token));
    if (element) {
      out += element[1](date);
      i += element[0].length;
    } else {
      out += layout[i];
      i++;
    }
  }
  return out;
}
