// A seeded generator of Testkube expressions over the stdlib, operators, precedence, numbers,
// strings, lists, maps, variables and templates. Same seed, same cases: the recorded vectors
// can be re-made and extended without the old ones moving.

/** Variables every generated case is evaluated with (numbers integral here are Go int64). */
export const VARS = {
  config: { name: 'api', n: '12', on: 'true', off: 'false', empty: '', f: '2.5', list: 'a,b,c' },
  env: { HOME: '/root', CI: '1', EMPTY: '' },
  nums: [3, 1, 2, 10],
  words: ['b', 'a', 'c b', ''],
  obj: { x: 1, y: 'two', z: null, nested: { k: 'v', n: [1, 2] } },
  s: 'Hello <World> & "co"',
  n: 7,
  f: 2.5,
  big: 1000000,
  t: true,
  nothing: null,
  empty: [],
  blank: {},
};

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBERS = [
  '0',
  '1',
  '2',
  '3',
  '7',
  '10',
  '100',
  '1000000',
  '123456789',
  '0.5',
  '1.25',
  '2.5',
  '3.7',
  '1e3',
  '1.5e10',
  '1e21',
  '0.1',
  '0.000001',
  '9007199254740993',
  '255',
  '64',
];
const STRINGS = [
  '""',
  '"abc"',
  '"a b"',
  '"<&>"',
  '"é"',
  '"0"',
  '"false"',
  '"off"',
  '"1.5"',
  '" x "',
  '"12"',
  '"a,b,c"',
  '"x\\ny"',
  "'single'",
  '"{\\"a\\": 1}"',
  '"- 1\\n- 2"',
  '"0755"',
  '"yes"',
  '"3e2"',
  '"true"',
  '"\\t tab"',
];
const PATHS = [
  'config.name',
  'config.n',
  'config.on',
  'config.off',
  'config.empty',
  'config.f',
  'config.list',
  'env.HOME',
  'env.CI',
  'env.EMPTY',
  'nums',
  'nums.0',
  'nums[1]',
  'words',
  'words.2',
  'obj',
  'obj.x',
  'obj.y',
  'obj.z',
  'obj.nested',
  'obj.nested.k',
  'obj.nested.n.1',
  's',
  'n',
  'f',
  'big',
  't',
  'nothing',
  'empty',
  'blank',
  'obj.*',
  'nums.*',
  'obj["y"]',
];
const BINARY = ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||', '+', '*'];

// Functions with argument shapes that make sense for them (and sometimes ones that do not).
const CALLS = [
  ['string', ['any']],
  ['string', ['any', 'any']],
  ['list', ['any', 'any']],
  ['join', ['list']],
  ['join', ['list', 'str']],
  ['split', ['str']],
  ['split', ['str', 'str']],
  ['int', ['num']],
  ['int', ['str']],
  ['int', ['any']],
  ['float', ['num']],
  ['float', ['str']],
  ['bool', ['any']],
  ['tojson', ['any']],
  ['json', ['jsontext']],
  ['toyaml', ['any']],
  ['yaml', ['yamltext']],
  ['shellquote', ['any']],
  ['shellquote', ['str', 'str']],
  ['shellparse', ['str']],
  ['trim', ['str']],
  ['len', ['any']],
  ['len', ['str']],
  ['floor', ['num']],
  ['ceil', ['num']],
  ['round', ['num']],
  ['chunk', ['list', 'small']],
  ['at', ['list', 'small']],
  ['at', ['map', 'str']],
  ['map', ['list', 'lambda']],
  ['entries', ['map']],
  ['filter', ['list', 'lambda']],
  ['eval', ['evaltext']],
  ['range', ['small']],
  ['range', ['small', 'small']],
  ['any', ['any', 'any']],
  ['makepath', ['str', 'str']],
];
const JSON_TEXTS = [
  '"500"',
  '"[1,2,\\"x\\"]"',
  '"{\\"b\\":1,\\"a\\":[true,null]}"',
  '"1e6"',
  '"bad"',
];
const YAML_TEXTS = [
  '"a: 1"',
  '"- x\\n- 2"',
  '"mode: 0755"',
  '"on: yes"',
  '"n: 1e3"',
  '"k: ~"',
  '"x: 0x1F"',
  '"v: 1.0"',
  '"t: True"',
  '"a:\\n  b: [1, 2]"',
];
const LAMBDAS = [
  '"_.value"',
  '"_.value * 2"',
  '"_.index"',
  '"_.value + \\"!\\""',
  '"_.value > 1"',
  '"_.value"',
  '"len(string(_.value))"',
  '"_.value == \\"a\\""',
  '"0"',
  '"\\"false\\""',
  '"_.key"',
];
const EVALS = ['"1 + 2"', '"config.name"', '"[1, 2]"', '"\\"x\\" + 1"', '"n * 2"'];
const TEMPLATE_TEXT = ['', 'x', 'a b ', ' - ', '{', 'v=', '\n', 'url: http://h/'];

export function generate(seed, count) {
  const random = mulberry32(seed);
  const pick = (items) => items[Math.floor(random() * items.length)];
  const chance = (p) => random() < p;

  function arg(kind, depth) {
    switch (kind) {
      case 'num':
        return chance(0.7) ? pick(NUMBERS) : expr(depth);
      case 'str':
        return chance(0.7) ? pick(STRINGS) : expr(depth);
      case 'list':
        return chance(0.6)
          ? pick(['nums', 'words', 'empty', '[1, 2, 3]', '["x", 2, true]', 'obj.nested.n'])
          : listLit(depth);
      case 'map':
        return chance(0.6) ? pick(['obj', 'config', 'blank', 'obj.nested']) : mapLit(depth);
      case 'small':
        return pick(['0', '1', '2', '3', '-1', '"2"', '1.5', 'n']);
      case 'jsontext':
        return pick(JSON_TEXTS);
      case 'yamltext':
        return pick(YAML_TEXTS);
      case 'lambda':
        return pick(LAMBDAS);
      case 'evaltext':
        return pick(EVALS);
      default:
        return expr(depth);
    }
  }

  function listLit(depth) {
    const n = Math.floor(random() * 4);
    return `[${Array.from({ length: n }, () => expr(depth + 1)).join(', ')}]`;
  }

  function mapLit(depth) {
    const n = Math.floor(random() * 3);
    const keys = ['"b"', '"a"', '"<k>"', '"z"', 'key'];
    return `{${Array.from({ length: n }, () => `${pick(keys)}: ${expr(depth + 1)}`).join(', ')}}`;
  }

  function expr(depth = 0) {
    const leaf = depth >= 3 || chance(0.25 + depth * 0.2);
    if (leaf) {
      const r = random();
      if (r < 0.3) return pick(NUMBERS);
      if (r < 0.55) return pick(STRINGS);
      if (r < 0.85) return pick(PATHS);
      return pick(['true', 'false', 'null']);
    }
    const r = random();
    if (r < 0.35) return `${expr(depth + 1)} ${pick(BINARY)} ${expr(depth + 1)}`;
    if (r < 0.45) return `${pick(['!', '-', '-'])}${expr(depth + 1)}`;
    if (r < 0.5) return `(${expr(depth + 1)})`;
    if (r < 0.55) return `${expr(depth + 1)} ? ${expr(depth + 1)} : ${expr(depth + 1)}`;
    if (r < 0.6) return chance(0.5) ? listLit(depth) : mapLit(depth);
    const [name, kinds] = pick(CALLS);
    return `${name}(${kinds.map((k) => arg(k, depth + 1)).join(', ')})`;
  }

  function template() {
    const n = 1 + Math.floor(random() * 3);
    let out = '';
    for (let i = 0; i < n; i++) out += `${pick(TEMPLATE_TEXT)}{{ ${expr(1)} }}`;
    return out + pick(TEMPLATE_TEXT);
  }

  const cases = [];
  const seen = new Set();
  while (cases.length < count) {
    const isTemplate = chance(0.3);
    const text = isTemplate ? template() : expr();
    const key = `${isTemplate}:${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    cases.push({ expr: text, template: isTemplate });
  }
  return cases;
}
