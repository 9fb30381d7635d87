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
  it('masks a one-line input (base64 of the file) but not YAML, whose lines are not secret', () => {
    expect(rawKubeconfigSecret(' YXBpVmVyc2lvbjogdjEK ')).toEqual(['YXBpVmVyc2lvbjogdjEK']);
    expect(rawKubeconfigSecret('apiVersion: v1\nkind: Config\n')).toEqual([]);
    expect(rawKubeconfigSecret(undefined)).toEqual([]);
  });
});

describe('maskCluster', () => {
  it('registers the base64 input and every credential of the kubeconfig, line by line', async () => {
    const runtime = fakeRuntime({ kubeconfig: 'YXBpVmVyc2lvbjogdjEK' });
    const settings = getSettings(runtime);
    const asked: (string | undefined)[] = [];
    await maskCluster(runtime, settings, async (s) => {
      asked.push(s.kubeconfig);
      return ['sha256~token-value', key];
    });
    expect(asked).toEqual(['YXBpVmVyc2lvbjogdjEK']);
    expect(runtime.secrets).toEqual([
      'YXBpVmVyc2lvbjogdjEK',
      'sha256~token-value',
      'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oLbqaNWDAXzaoAoGCCqGSM49',
      'AwEHoUQDQgAEprivatekeylinetwo==',
    ]);
  });
});
