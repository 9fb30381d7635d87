// The real outside world of a run: the cluster through client-node, the local output
// directory, the system clock, random run ids and the process's SIGINT/SIGTERM.
import { randomBytes } from 'node:crypto';
import type { RunEnvironment } from '../../ports/run-environment.js';
import { LocalOutputSink } from '../fs/local-output-sink.js';
import { archiveWorkspace } from '../fs/workspace-archive.js';
import { ClientNodeKube } from '../kubernetes/client-node-kube.js';
import { connect } from '../kubernetes/connect.js';
import { configCacheDirectory, FileConfigCache } from '../registry/config-cache.js';
import { dockerConfigPath, readDockerConfig } from '../registry/docker-config.js';
import { RegistryImageConfig } from '../registry/registry-image-config.js';
import { nodeClock } from './node-clock.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function nodeRunEnvironment(cwd: string = process.cwd()): RunEnvironment {
  const cacheDirectory = configCacheDirectory(process.env);
  return {
    connect: async (options) => new ClientNodeKube(await connect({ ...options, cwd })),
    output: (directory) => new LocalOutputSink(directory, cwd),
    clock: nodeClock,
    archive: (paths) => archiveWorkspace(paths, cwd),
    images: new RegistryImageConfig({
      localAuths: () => readDockerConfig(dockerConfigPath(process.env)),
      ...(cacheDirectory && { cache: new FileConfigCache(cacheDirectory) }),
    }),
    newRunId: () => [...randomBytes(6)].map((b) => ALPHABET[b % ALPHABET.length]).join(''),
    onInterrupt: (handler) => {
      const signals = ['SIGINT', 'SIGTERM'] as const;
      const listeners = signals.map((signal) => {
        const listener = () => handler(signal);
        process.on(signal, listener);
        return [signal, listener] as const;
      });
      return () => listeners.forEach(([signal, listener]) => process.off(signal, listener));
    },
  };
}
