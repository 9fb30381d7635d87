import { exitCodeOf } from '../../../../src/adapters/kubernetes/exec.js';

describe('exitCodeOf', () => {
  it('reads 0 from Success and the code from NonZeroExitCode', () => {
    expect(exitCodeOf({ status: 'Success' })).toBe(0);
    const failed = {
      status: 'Failure',
      reason: 'NonZeroExitCode',
      message:
        'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    };
    expect(exitCodeOf(failed)).toBe(3);
  });

  it('has no exit code for a command that could not run', () => {
    const notFound = {
      status: 'Failure',
      reason: 'InternalError',
      message: 'exec: "nope": executable file not found in $PATH',
    };
    expect(exitCodeOf(notFound)).toBeUndefined();
  });
});
