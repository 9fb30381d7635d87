// `content.git`: a shallow clone made in the cluster by an init container (after setup, before
// the first step), so the repository never passes through the machine running Shakedown. A
// token comes from a Secret through the container's env, is used only for the fetch and is
// removed from the clone's remote afterwards. A clone outside /data gets a volume of its own,
// mounted into every container of the scope that declared it.
import { posix } from 'node:path';
import type { Vars } from '../expr/index.js';
import type { ContentGit } from '../plan/model.js';
import { isShared } from './artifacts.js';
import { renderField } from './render.js';
import { DATA_DIR } from './wrapper.js';

export interface GitSource {
  git: ContentGit;
  /** '' for pod-wide content, else the step id whose containers see a private clone. */
  scope: string;
  /** Spec path of the `git` object, for messages. */
  path: string;
}

export interface GitLayout {
  initContainers: Record<string, unknown>[];
  volumes: Record<string, unknown>[];
  /** Mounts of private clone volumes, keyed by scope ('' = every step container). */
  mounts: Map<string, Record<string, unknown>[]>;
}

/** Image for clones when --git-image is not given: it has git here, on Docker Hub and in kind. */
export const DEFAULT_GIT_IMAGE = 'docker.io/library/node:24';

/** The clone script (exported for its test with a real git). */
export const GIT_SCRIPT = `set -e
dest="$GIT_DEST"; url="$GIT_URI"; auth="$url"
if [ -n "$GIT_TOKEN" ] && [ "$GIT_AUTH_TYPE" != header ]; then
  case "$url" in
    https://*) auth="https://\${GIT_USERNAME:-git}:\${GIT_TOKEN}@\${url#https://}" ;;
    http://*) auth="http://\${GIT_USERNAME:-git}:\${GIT_TOKEN}@\${url#http://}" ;;
  esac
fi
mkdir -p "$dest" && cd "$dest"
git init -q
git remote add origin "$auth"
if [ -n "$GIT_PATHS" ]; then git sparse-checkout set "--\${GIT_CONE:-no-cone}" $GIT_PATHS; fi
if [ -n "$GIT_TOKEN" ] && [ "$GIT_AUTH_TYPE" = header ]; then
  git -c "http.extraHeader=Authorization: Bearer $GIT_TOKEN" fetch -q --depth 1 origin "\${GIT_REVISION:-HEAD}"
else
  git fetch -q --depth 1 origin "\${GIT_REVISION:-HEAD}"
fi
git checkout -q FETCH_HEAD
git remote set-url origin "$url"
echo "cloned $url\${GIT_REVISION:+ at $GIT_REVISION} into $dest"
`;

export function layoutGit(
  sources: GitSource[],
  vars: Vars,
  image: string,
  dataMount: Record<string, unknown>,
): GitLayout {
  const layout: GitLayout = { initContainers: [], volumes: [], mounts: new Map() };
  sources.forEach(({ git, scope, path }, i) => {
    const field = (value: string, name: string) => renderField(value, vars, `${path}.${name}`);
    const dest = posix.resolve(DATA_DIR, field(git.mountPath, 'mountPath'));
    const mounts: Record<string, unknown>[] = [dataMount];
    if (!isShared(dest)) {
      const volume = `shakedown-git-${i}`;
      layout.volumes.push({ name: volume, emptyDir: {} });
      const mount = { name: volume, mountPath: dest };
      mounts.push(mount);
      layout.mounts.set(scope, [...(layout.mounts.get(scope) ?? []), mount]);
    }
    const env: Record<string, unknown>[] = [
      { name: 'GIT_URI', value: field(git.uri, 'uri') },
      { name: 'GIT_DEST', value: dest },
      {
        name: 'GIT_REVISION',
        value: git.revision === undefined ? '' : field(git.revision, 'revision'),
      },
      {
        name: 'GIT_PATHS',
        value: (git.paths ?? []).map((p, n) => field(p, `paths[${n}]`)).join(' '),
      },
    ];
    if (git.usernameFrom) env.push({ name: 'GIT_USERNAME', valueFrom: git.usernameFrom });
    else if (git.username !== undefined)
      env.push({ name: 'GIT_USERNAME', value: field(git.username, 'username') });
    if (git.tokenFrom) env.push({ name: 'GIT_TOKEN', valueFrom: git.tokenFrom });
    // Testkube's authType: `basic` puts the credentials in the URL, `header` sends the token
    // as a bearer Authorization header (never written to the clone's config).
    if (git.authType) env.push({ name: 'GIT_AUTH_TYPE', value: git.authType });
    if (git.cone) env.push({ name: 'GIT_CONE', value: 'cone' });
    layout.initContainers.push({
      name: `shakedown-git-${i}`,
      image,
      imagePullPolicy: 'IfNotPresent',
      command: ['sh', '-c', GIT_SCRIPT],
      env,
      volumeMounts: mounts,
    });
  });
  return layout;
}
