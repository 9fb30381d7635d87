import { InputReader } from '../../../src/app/ci/inputs.js';

/** A reader of one input, `config`, named as the Action names inputs (no source). */
function reader(value: string, source?: string): InputReader<string> {
  return new InputReader<string>(
    (name) => (name === 'config' ? value : ''),
    source === undefined ? undefined : () => source,
  );
}

describe('InputReader.config (parseConfig)', () => {
  const parseConfig = (text: string) => reader(text).config('config');

  it('splits at the first = and keeps the rest of the value as written', () => {
    expect(parseConfig('baseUrl=http://app:8080/?a=b\n\n# comment\n token = a b \r\n')).toEqual({
      baseUrl: 'http://app:8080/?a=b',
      token: ' a b ',
    });
  });

  it('names the bad line by number and never echoes it (it may hold a secret)', () => {
    const run = () => parseConfig('ok=1\nsecretvalue');
    expect(run).toThrow("Input 'config': line 2 is not key=value.");
    expect(run).not.toThrow(/secretvalue/);
  });

  it('names where the platform passed the input when it has a source', () => {
    expect(() => reader('=x', 'SHAKEDOWN_INPUT_CONFIG').config('config')).toThrow(
      "Input 'config' (SHAKEDOWN_INPUT_CONFIG): line 1 is not key=value.",
    );
  });
});

describe('InputReader', () => {
  const read = new InputReader<string>(
    (name) => ({ list: ' a,\n b ,,c\n', mode: ' x ' })[name] ?? '',
  );

  it('reads lists written with newlines or commas, with a fallback when unset', () => {
    expect(read.list('list')).toEqual(['a', 'b', 'c']);
    expect(read.list('unset', '.shakedown/')).toEqual(['.shakedown/']);
  });

  it('takes one of the allowed values, the fallback when unset, and names the others', () => {
    expect(read.oneOf('unset', ['always', 'never'], 'never')).toBe('never');
    expect(() => read.oneOf('mode', ['always', 'never'], 'never')).toThrow(
      "Input 'mode': 'x' is not allowed. Expected one of: always, never.",
    );
  });
});
