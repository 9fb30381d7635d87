/** Testkube functions Shakedown refuses by name, with the reason shown to the user. */
export const UNSUPPORTED: Record<string, string> = {
  jq: 'jq queries are not supported',
  file: 'reading files of the runner is not supported',
  glob: 'listing files of the runner is not supported',
  relpath: 'paths of the runner are not known to Shakedown',
  abspath: 'paths of the runner are not known to Shakedown',
  secret: 'use a Kubernetes secret in env.valueFrom instead',
};
