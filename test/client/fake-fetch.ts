// A scripted fetch for transport tests: answers the queued responses in order and records
// every request. Stands in for the network only; the client under test is the real one.
export type Step = Response | Error | ((init: RequestInit) => Promise<Response>);

export interface Recorded {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function scriptedFetch(steps: Step[]) {
  const calls: Recorded[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    calls.push({ url, headers: { ...(init.headers as Record<string, string>) }, body: init.body as string });
    const step = steps.shift();
    if (!step) throw new Error('scriptedFetch: no response left');
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(init);
    return step;
  };
  return { fetch, calls };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
  });
}

/** A fetch that only settles when its signal aborts (a server that never answers). */
export function hang(init: RequestInit): Promise<Response> {
  return new Promise((_, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal!.reason ?? new DOMException('aborted', 'AbortError')));
  });
}
