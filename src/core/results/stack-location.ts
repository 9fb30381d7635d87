// Finding the file and line a failure points at, from the failure text, for reports that do
// not carry file/line attributes (most of them). Frames inside libraries and runtimes are
// skipped, so what remains is the user's own code, usually the test itself.

export interface SourceLocation {
  file: string;
  line: number;
}

const SOURCE_EXT =
  'py|go|php|rb|ts|tsx|mts|cts|js|jsx|mjs|cjs|java|kt|kts|scala|groovy|cs|fs|rs|c|cc|cpp|h|hpp|swift|ex|exs|erl|dart|lua|feature|robot|sh|bats';

// One pattern per stack style; each captures the path and the line.
const FRAME_PATTERNS: RegExp[] = [
  // Node/V8: "at fn (path:12:5)" or "at path:12:5"
  /\bat (?:[^\n]*? \()?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\)?\s*$/,
  // .NET: "at Ns.Type.Method() in /src/Tests/CartTests.cs:line 42"
  /\bin (\S[^\n]*?):line (\d+)\s*$/,
  // Python traceback: 'File "tests/test_x.py", line 12, in test_x'
  /\bFile "([^"]+)", line (\d+)/,
  // pytest, go test, PHPUnit, RSpec, rustc, gcc: "path.ext:12:" / "path.ext:12" at the end
  new RegExp(
    `(?:^|[\\s('"#])((?:[A-Za-z]:)?[\\w@.~/\\\\+-]*\\.(?:${SOURCE_EXT})):(\\d+)(?::\\d+)?(?=:|\\s|\\)|$)`,
  ),
];

// JVM frames name the class, not the path: "at com.acme.CartTest.total(CartTest.java:27)".
const JVM_FRAME =
  /\bat ((?:[\w$]+\.)*)([\w$]+)\.[\w$<>-]+\(([\w$]+\.(?:java|kt|scala|groovy)):(\d+)\)/;

const LIBRARY =
  /(?:^|\/)node_modules\/|^node:|^internal\/[\w/]+\.js$|\/(?:site|dist)-packages\/|\/lib\/python\d|^\/usr\/(?:local\/)?lib\/|\/usr\/local\/go\/|\/go\/pkg\/mod\/|^<|\/gems\/|\/\.cargo\/registry\/|\/vendor\/bundle\//;

const JVM_LIBRARY =
  /^(?:java|javax|jdk|sun|kotlin|scala|org\.junit|junit|org\.opentest4j|org\.testng|org\.apache\.maven|org\.gradle|org\.assertj|org\.hamcrest|org\.mockito|org\.spockframework)\./;

function normalise(path: string): string {
  return path
    .replace(/^file:\/\//, '')
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '');
}

function jvmFrame(line: string): SourceLocation | undefined {
  const match = JVM_FRAME.exec(line);
  if (!match) return undefined;
  const [, packagePath = '', , file = '', lineNo = ''] = match;
  if (JVM_LIBRARY.test(packagePath)) return undefined;
  return { file: packagePath.replace(/\./g, '/') + file, line: Number(lineNo) };
}

/** Every user-code location a failure text names, in the order they appear. */
export function stackLocations(text: string): SourceLocation[] {
  const found: SourceLocation[] = [];
  for (const line of text.split('\n')) {
    const jvm = jvmFrame(line);
    if (jvm) {
      found.push(jvm);
      continue;
    }
    if (JVM_FRAME.test(line)) continue;
    for (const pattern of FRAME_PATTERNS) {
      const match = pattern.exec(line);
      if (!match) continue;
      const file = normalise(match[1]!);
      const lineNo = Number(match[2]);
      if (!LIBRARY.test(file) && lineNo > 0) found.push({ file, line: lineNo });
      break;
    }
  }
  return found;
}

/** True when two paths name the same file, one possibly absolute or relative to a subfolder. */
export function sameFile(a: string, b: string): boolean {
  const [x, y] = [normalise(a), normalise(b)];
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return long.endsWith(`/${short}`);
}

/**
 * The location to report for a failure: the first frame in `file` when the report named the
 * file (the assertion is more precise than the test's first line), else the frame of the
 * test's class for JVM reports, else the first user-code frame.
 */
export function locateFailure(
  text: string,
  hint: { file?: string; classname?: string } = {},
): SourceLocation | undefined {
  const frames = stackLocations(text);
  if (hint.file) return frames.find((frame) => sameFile(frame.file, hint.file!));
  if (hint.classname) {
    const classFile = hint.classname.replace(/\$.*$/, '').replace(/\./g, '/');
    const own = frames.find((frame) => frame.file.replace(/\.\w+$/, '') === classFile);
    if (own) return own;
  }
  return frames[0];
}
