import {
  kubeconfigSecrets,
  maskableLines,
  maskKubeconfig,
} from '../../../src/app/action/mask-secrets.js';
import { fakeRuntime } from './fake-runtime.js';

const key =
  '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oLbqaNWDAXzaoAoGCCqGSM49\nAwEHoUQDQgAEprivatekeylinetwo==\n-----END EC PRIVATE KEY-----\n';
const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://k8s.example.com
    certificate-authority-data: Y2EtZGF0YS1pcy1wdWJsaWM=
users:
- name: token-user
  user:
    token: sha256~abcdefghijklmnop
- name: cert-user
  user:
    client-certificate-data: ${Buffer.from('CERTDATA-PUBLIC-BUT-MASKED').toString('base64')}
    client-key-data: ${Buffer.from(key).toString('base64')}
- name: basic
  user: { username: admin, password: s3cr3t-pass }
- name: oidc
  user:
    auth-provider:
      name: oidc
      config: { id-token: eyJhbGciOi.payload.sig, refresh-token: rt-123456, client-id: shakedown }
- name: eks
  user:
    exec:
      command: aws
      env: [{ name: AWS_SECRET_ACCESS_KEY, value: wJalrXUtnFEMI/K7MDENG }]
contexts: []
`;

describe('kubeconfigSecrets', () => {
  it('finds tokens, keys, passwords, auth-provider tokens and exec env values', () => {
    const secrets = kubeconfigSecrets(kubeconfig);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'sha256~abcdefghijklmnop',
        Buffer.from(key).toString('base64'),
        key,
        's3cr3t-pass',
        'eyJhbGciOi.payload.sig',
        'rt-123456',
        'wJalrXUtnFEMI/K7MDENG',
      ]),
    );
    // Names, servers, usernames and the CA are not credentials.
    for (const value of [
      'admin',
      'shakedown',
      'https://k8s.example.com',
      'Y2EtZGF0YS1pcy1wdWJsaWM=',
    ]) {
      expect(secrets).not.toContain(value);
    }
  });

  it('returns nothing for text that is not YAML', () => {
    expect(kubeconfigSecrets('{{{')).toEqual([]);
  });
});

describe('maskableLines', () => {
  it('masks a PEM key line by line, without its armour, and skips trivial values', () => {
    expect(maskableLines([key, 'abc', ''])).toEqual([
      'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oLbqaNWDAXzaoAoGCCqGSM49',
      'AwEHoUQDQgAEprivatekeylinetwo==',
    ]);
  });
});

describe('maskKubeconfig', () => {
  it('registers every credential and the base64 input as given', () => {
    const runtime = fakeRuntime();
    const b64 = Buffer.from(kubeconfig).toString('base64');
    maskKubeconfig(runtime, b64, kubeconfig);
    expect(runtime.secrets).toContain(b64);
    expect(runtime.secrets).toContain('sha256~abcdefghijklmnop');
    expect(runtime.secrets).toContain('AwEHoUQDQgAEprivatekeylinetwo==');
    expect(runtime.secrets).not.toContain('-----BEGIN EC PRIVATE KEY-----');
  });

  it('does nothing without a kubeconfig input', () => {
    const runtime = fakeRuntime();
    maskKubeconfig(runtime, '', undefined);
    expect(runtime.secrets).toEqual([]);
  });
});
