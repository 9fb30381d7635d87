import {
  maskableLines,
  maskCluster,
  rawKubeconfigSecret,
} from '../../../src/app/action/mask-secrets.js';
import { getSettings } from '../../../src/app/action/input-helper.js';
import { fakeRuntime } from './fake-runtime.js';

const key =
  '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oLbqaNWDAXzaoAoGCCqGSM49\nAwEHoUQDQgAEprivatekeylinetwo==\n-----END EC PRIVATE KEY-----\n';

describe('maskableLines', () => {
  it('masks a PEM key line by line, without its armour, and skips trivial values', () => {
    expect(maskableLines([key, 'abc', ''])).toEqual([
      'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oLbqaNWDAXzaoAoGCCqGSM49',
      'AwEHoUQDQgAEprivatekeylinetwo==',
    ]);
  });
});

describe('rawKubeconfigSecret', () => {
  const b64 = Buffer.from('apiVersion: v1\nkind: Config\n'.repeat(5)).toString('base64');

  it('masks base64 of a kubeconfig, also when it was pasted with line breaks', () => {
    expect(rawKubeconfigSecret(b64)).toEqual([b64]);
    expect(rawKubeconfigSecret(b64.replace(/(.{40})/g, '$1\n'))).toEqual([b64]);
  });

  it('leaves YAML (masked through its credentials) and file paths (not secret) readable', () => {
    expect(rawKubeconfigSecret('apiVersion: v1\nkind: Config\n')).toEqual([]);
    expect(rawKubeconfigSecret('/home/runner/work/_temp/kubeconfig.yaml')).toEqual([]);
    expect(rawKubeconfigSecret(undefined)).toEqual([]);
  });
});

describe('maskCluster', () => {
  it('registers the base64 input and every credential of the kubeconfig, line by line', async () => {
    const b64 = Buffer.from('apiVersion: v1\nkind: Config\n'.repeat(5)).toString('base64');
    const runtime = fakeRuntime({ kubeconfig: b64 });
    const settings = getSettings(runtime);
    const asked: (string | undefined)[] = [];
    await maskCluster(runtime, settings, async (s) => {
      asked.push(s.kubeconfig);
      return ['sha256~token-value', key];
    });
    expect(asked).toEqual([b64]);
    expect(runtime.secrets).toEqual([
      b64,
      'sha256~token-value',
      'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oLbqaNWDAXzaoAoGCCqGSM49',
      'AwEHoUQDQgAEprivatekeylinetwo==',
    ]);
  });
});
