/** Testkube functions Shakedown refuses by name, with the reason shown to the user. */
export const UNSUPPORTED: Record<string, string> = {
  jq: 'jq queries are not supported',
  file: "it reads a file in the runner's container, which Shakedown does not evaluate",
  glob: "it lists files in the runner's container, which Shakedown does only for a parallel block's count, maxCount, matrix and shards",
  credential: "it needs Testkube's control plane (credentials are stored there)",
  secret:
    "it is only supported as the whole value of an env variable (`value: \"{{ secret('name', 'key') }}\"`), which becomes a Kubernetes secretKeyRef",
};
