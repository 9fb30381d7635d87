// Inline and referenced files (`content.files`) as Kubernetes volumes. Files under /data are
// copied onto the shared volume by the setup container, so every step sees them and may change
// them. Files elsewhere are mounted read-only (subPath) into each container that needs them,
// because a container's own filesystem is not shared.
import { posix } from 'node:path';
import type { Vars } from '../expr/index.js';
import type { ContentFile } from '../plan/model.js';
import type { KubeObject } from '../../ports/kube.js';
import { isShared } from './artifacts.js';
import { renderField } from './render.js';
import { CONTENT_SOURCE_DIR, shellQuote } from './wrapper.js';

export interface ContentLayout {
  /** Inline file contents, when there are any. */
  configMap?: KubeObject;
  volumes: Record<string, unknown>[];
  /** Mounts for the setup container (sources of files to copy). */
  setupMounts: Record<string, unknown>[];
  /** Shell lines for the setup container, where "$B" is busybox. */
  setupScript: string[];
  /** Mounts each step container needs, keyed by the scope ('' = every container, else a step id). */
  mounts: Map<string, Record<string, unknown>[]>;
}

export interface ContentSource {
  /** '' for pod-wide content, else the step id whose containers get the files. */
  scope: string;
  files: ContentFile[];
  /** Spec path of the files list, for messages. */
  path: string;
}

const CONFIG_MAP_VOLUME = 'shakedown-content';

/**
 * `copyShared`: whether files under /data are copied by a setup container (workflow and worker
 * pods) or mounted like the others (service pods, which have no setup container).
 */
export function layoutContent(
  sources: ContentSource[],
  configMapName: string,
  vars: Vars,
  copyShared: boolean,
): ContentLayout {
  const layout: ContentLayout = {
    volumes: [],
    setupMounts: [],
    setupScript: [],
    mounts: new Map(),
  };
  const data: Record<string, string> = {};
  const items: Record<string, unknown>[] = [];
  let n = 0;
  for (const source of sources) {
    source.files.forEach((file, i) => {
      const at = `${source.path}[${i}]`;
      const target = posix.resolve('/data', renderField(file.path, vars, `${at}.path`));
      const key = `file-${n++}`;
      const mode = file.mode !== undefined ? { mode: file.mode } : {};
      let volume = CONFIG_MAP_VOLUME;
      let subPath = key;
      if (file.contentFrom) {
        volume = `content-${key}`;
        subPath = 'file';
        layout.volumes.push({ name: volume, ...referencedVolume(file.contentFrom, at, mode) });
      } else {
        data[key] = renderField(file.content ?? '', vars, `${at}.content`);
        items.push({ key, path: key, ...mode });
      }
      if (copyShared && isShared(target)) {
        const from = `${CONTENT_SOURCE_DIR}/${key}`;
        layout.setupMounts.push({ name: volume, mountPath: from, subPath, readOnly: true });
        const chmod =
          file.mode !== undefined
            ? ` && "$B" chmod ${file.mode.toString(8)} ${shellQuote(target)}`
            : '';
        layout.setupScript.push(
          `"$B" mkdir -p ${shellQuote(posix.dirname(target))} && "$B" cp ${shellQuote(from)} ${shellQuote(target)}${chmod}`,
        );
      } else {
        const list = layout.mounts.get(source.scope) ?? [];
        list.push({ name: volume, mountPath: target, subPath, readOnly: true });
        layout.mounts.set(source.scope, list);
      }
    });
  }
  if (items.length > 0) {
    layout.configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: configMapName },
      data,
    };
    layout.volumes.unshift({ name: CONFIG_MAP_VOLUME, configMap: { name: configMapName, items } });
  }
  return layout;
}

function referencedVolume(
  from: Record<string, unknown>,
  path: string,
  mode: { mode?: number },
): Record<string, unknown> {
  const secret = from.secretKeyRef as { name?: string; key?: string } | undefined;
  const configMap = from.configMapKeyRef as { name?: string; key?: string } | undefined;
  if (secret?.name && secret.key) {
    return {
      secret: { secretName: secret.name, items: [{ key: secret.key, path: 'file', ...mode }] },
    };
  }
  if (configMap?.name && configMap.key) {
    return {
      configMap: { name: configMap.name, items: [{ key: configMap.key, path: 'file', ...mode }] },
    };
  }
  throw new Error(
    `${path}.contentFrom: only secretKeyRef and configMapKeyRef with name and key can be placed as files (got ${JSON.stringify(from)})`,
  );
}
