/**
 * Node-only persistence of the emulator state: atomic writes (temp file, fsync, rename, fsync
 * of the directory) so a crash mid-write leaves either the old or the new file, never a torn one.
 * @module
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/**
 * Read a state file; `undefined` when it does not exist.
 * @throws when the file exists but is not JSON.
 */
export async function loadState(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`emulator data file ${file} is not valid JSON`);
  }
}

/** Write `text` to `file` atomically. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  // Make the rename itself durable.
  try {
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}

/**
 * A persister that coalesces saves: each `save` resolves once a write that started after the
 * call has completed (so a response sent after `save` resolves is durable), and identical
 * snapshots are not rewritten.
 */
export function createPersister(file: string): {
  save(snapshot: () => unknown): Promise<void>;
  flush(): Promise<void>;
} {
  let last: string | undefined;
  let running: Promise<void> = Promise.resolve();
  let queued: { promise: Promise<void>; snapshot: () => unknown } | undefined;
  const write = async (snapshot: () => unknown) => {
    const text = JSON.stringify(snapshot());
    if (text === last) return;
    await writeAtomic(file, text);
    last = text;
  };
  return {
    save(snapshot) {
      if (queued) {
        queued.snapshot = snapshot;
        return queued.promise;
      }
      const entry: { promise: Promise<void>; snapshot: () => unknown } = { promise: Promise.resolve(), snapshot };
      entry.promise = running.then(() => {
        queued = undefined;
        return write(entry.snapshot);
      });
      queued = entry;
      running = entry.promise.catch(() => undefined);
      return entry.promise;
    },
    flush: () => running,
  };
}
