// The output directory as every writer sees it: text, and files that are valid UTF-8 (test
// reports, logs, text artifacts), is masked on its way to disk, and so are the paths; binary
// files pass unchanged, since replacing bytes in them would only corrupt them.
import type { Masker } from '../../core/secrets/masker.js';
import type { OutputSink } from '../../ports/output-sink.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function maskData(masker: Masker, data: string | Uint8Array): string | Uint8Array {
  if (typeof data === 'string') return masker.mask(data);
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return data;
  }
  const masked = masker.mask(text);
  return masked === text ? data : masked;
}

export function maskedSink(sink: OutputSink, masker: Masker): OutputSink {
  return {
    write: (path, data) => sink.write(masker.mask(path), maskData(masker, data)),
    append: (path, text) => sink.append(masker.mask(path), masker.mask(text)),
    check: () => sink.check(),
    clear: () => sink.clear(),
    locate: (path) => sink.locate(masker.mask(path)),
    ...(sink.readTail && {
      readTail: async (path: string, maxBytes?: number) => {
        const tail = await sink.readTail!(masker.mask(path), maxBytes);
        return tail && { ...tail, text: masker.mask(tail.text) };
      },
    }),
  };
}
