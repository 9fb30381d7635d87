import { ValueError } from './values.js';

// Characters a POSIX shell treats specially; they are backslash-escaped. Whitespace switches the
// whole word to single quotes instead, which reads better for multi-word arguments.
const SPECIAL = '\\\'"`${[|&;<>()*?!#';
const SPACE = /[ \t\n]/;

/** Quotes one word so /bin/sh reads it back unchanged (the behaviour of Testkube's shellquote). */
export function quoteWord(word: string): string {
  if (word === '') return "''";
  if (SPACE.test(word)) return `'${word.replaceAll("'", `'\\''`)}'`.replaceAll(/^''|''$/g, '');
  let out = '';
  for (const [i, c] of Array.from(word).entries()) {
    out += SPECIAL.includes(c) || (i === 0 && c === '~') ? `\\${c}` : c;
  }
  return out;
}

/**
 * Splits a command line into words like /bin/sh does, without expansions: whitespace separates,
 * single quotes are literal, double quotes allow \\ \" \$ \` escapes, a backslash outside quotes
 * escapes the next character, and backslash-newline joins lines.
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (SPACE.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new ValueError('unterminated backslash escape');
      if (text[i + 1] !== '\n') {
        word += text[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new ValueError('unterminated single-quoted string');
      word += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      i = readDoubleQuoted(text, i + 1, (s) => (word += s));
      inWord = true;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function readDoubleQuoted(text: string, from: number, append: (s: string) => void): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return i + 1;
    if (c === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1])) {
      if (text[i + 1] !== '\n') append(text[i + 1]);
      i += 2;
    } else {
      append(c);
      i++;
    }
  }
  throw new ValueError('unterminated double-quoted string');
}
