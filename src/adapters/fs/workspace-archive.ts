// `--upload`: chosen paths of the local workspace as one tar archive, unpacked into /data of
// each gated pod before its first step. Paths stay relative to the working directory, so
// `--upload tests` becomes /data/tests; a path outside it is refused.
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pack, type Pack } from 'tar-stream';

/** Larger uploads belong in an image or a git clone, not in an exec stream. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export async function archiveWorkspace(paths: string[], cwd: string): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  let size = 0;
  const collecting = (async () => {
    for await (const chunk of archive) {
      size += (chunk as Buffer).length;
      if (size > MAX_UPLOAD_BYTES)
        throw new Error(
          `--upload: more than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB; upload fewer paths`,
        );
      chunks.push(chunk as Buffer);
    }
  })();
  try {
    for (const path of paths) {
      const full = resolve(cwd, path);
      const name = relative(cwd, full);
      if (name === '' || name.startsWith('..') || isAbsolute(name)) {
        throw new Error(
          `--upload '${path}': only paths inside the working directory ${cwd} can be uploaded`,
        );
      }
      await add(archive, full, name.split(sep).join('/'), path);
    }
  } finally {
    archive.finalize();
  }
  await collecting;
  return Buffer.concat(chunks);
}

async function add(archive: Pack, full: string, name: string, given: string): Promise<void> {
  const info = await lstat(full).catch(() => undefined);
  if (!info) throw new Error(`--upload '${given}': no such file or directory`);
  const header = { name, mode: info.mode & 0o7777, mtime: info.mtime };
  if (info.isSymbolicLink()) {
    archive.entry({ ...header, type: 'symlink', linkname: await readlink(full) });
  } else if (info.isDirectory()) {
    archive.entry({ ...header, type: 'directory' });
    for (const entry of (await readdir(full)).sort())
      await add(archive, join(full, entry), `${name}/${entry}`, given);
  } else if (info.isFile()) {
    archive.entry(header, await readFile(full));
  }
}
