/**
 * Test helpers: run the official AWS SDK v3 client against an emulator in-process, through a
 * requestHandler that turns the SDK's HttpRequest into a fetch Request for `emu.fetch`.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Emulator } from '../../src/emulator/index.js';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDEMULATORTEST', secretAccessKey: 'emulator-test-secret-key' };

type SdkHttpRequest = {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
};

/** A requestHandler for the SDK that calls `fetchFn` (emu.fetch or global fetch). */
export function fetchRequestHandler(fetchFn: (r: Request) => Promise<Response>) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SdkHttpRequest) {
      const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}`;
      const headers = new Headers(request.headers);
      const res = await fetchFn(
        new Request(url, { method: request.method, headers, body: request.body as BodyInit | undefined }),
      );
      const out: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        out[k] = v;
      });
      // A plain object with HttpResponse's shape (the SDK checks the shape, not the class).
      return { response: { statusCode: res.status, reason: res.statusText, headers: out, body: new Uint8Array(await res.arrayBuffer()) } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

/** An SDK client talking to `emu` in-process. */
export function sdkFor(emu: Emulator, credentials = TEST_CREDENTIALS, region = 'us-east-1'): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region,
    endpoint: 'http://emulator.local',
    credentials,
    requestHandler: fetchRequestHandler((r) => emu.fetch(r)) as never,
    maxAttempts: 1,
  });
}

/** An SDK client talking to an emulator over HTTP. */
export function sdkForUrl(url: string, credentials = TEST_CREDENTIALS, region = 'us-east-1'): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ region, endpoint: url, credentials, maxAttempts: 1 });
}
