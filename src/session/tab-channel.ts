/** A message bus between the tabs of one origin (BroadcastChannel semantics: no echo to the sender). */
export interface TabChannel {
  post(message: unknown): void;
  subscribe(fn: (message: unknown) => void): () => void;
  close(): void;
}

/** Opens the channel of the given name; returns `undefined` where no cross-tab bus exists. */
export type TabChannelFactory = (name: string) => TabChannel | undefined;

/**
 * The default channel factory: a `BroadcastChannel` where the runtime has one (browsers, Deno),
 * nothing elsewhere. Messages are structured clones; a post after close or one that cannot be
 * cloned is dropped (cross-tab delivery is best-effort, storage is the source of truth).
 */
export const broadcastChannelFactory: TabChannelFactory = (name) => {
  const BC = (globalThis as { BroadcastChannel?: typeof BroadcastChannel }).BroadcastChannel;
  if (typeof BC !== 'function') return undefined;
  const bc = new BC(name);
  const fns = new Set<(m: unknown) => void>();
  bc.onmessage = (e: MessageEvent) => {
    for (const fn of [...fns]) fn(e.data);
  };
  // Node's BroadcastChannel keeps the process alive; a session's channel must not.
  (bc as { unref?: () => void }).unref?.();
  return {
    post(message) {
      // A closed channel throws too (InvalidStateError): dropped like an uncloneable message.
      try {
        bc.postMessage(message);
      } catch {
        // best-effort
      }
    },
    subscribe(fn) {
      fns.add(fn);
      return () => {
        fns.delete(fn);
      };
    },
    close() {
      fns.clear();
      bc.close();
    },
  };
};
