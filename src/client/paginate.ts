import { CognitoError } from './errors.js';
import { PAGINATION_TOKENS } from './generated/operations.js';
import type { PaginatedMethodName } from './generated/types.js';
import type { CognitoIdentityProviderClient } from './generated/client.js';
import type { CallOptions } from './transport.js';

type Method<M extends PaginatedMethodName> = CognitoIdentityProviderClient[M];

/** Anything with the method, or with a `send(operation, input, options)` (e.g. CognitoUnsignedClient). */
type Pager<M extends PaginatedMethodName> =
  | Pick<CognitoIdentityProviderClient, M>
  | { send(operation: never, input: never, options?: CallOptions): Promise<unknown> };

/**
 * Iterates the pages of a list operation, following its token member (`PaginationToken` or
 * `NextToken`, from the model's paginators) until the service returns none. Takes the full
 * client, or any client with `send` (CognitoUnsignedClient for listDevices, listUserSessions,
 * listWebAuthnCredentials).
 *
 * @throws CognitoError `ConfigurationError` when the operation is not paginated.
 * @example
 * for await (const page of paginate(client, 'listUsers', { UserPoolId })) console.log(page.Users);
 */
export async function* paginate<M extends PaginatedMethodName>(
  client: Pager<M>,
  method: M,
  input: Parameters<Method<M>>[0],
  options?: CallOptions,
): AsyncGenerator<Awaited<ReturnType<Method<M>>>, void, undefined> {
  const token = PAGINATION_TOKENS[method];
  if (!token) throw new CognitoError('ConfigurationError', `paginate: ${String(method)} is not a paginated operation`);
  const seen = new Set<string>();
  let next = (input as unknown as Record<string, unknown>)[token] as string | undefined;
  // The starting token counts as seen: a service that answers it again gives no second page.
  if (next) seen.add(next);
  for (;;) {
    const c = client as unknown as Record<string, (...a: unknown[]) => Promise<Record<string, unknown>>>;
    const args = { ...input, [token]: next };
    const page =
      typeof c[method] === 'function'
        ? await c[method]!(args, options)
        : await c.send!(method[0]!.toUpperCase() + method.slice(1), args, options);
    yield page as Awaited<ReturnType<Method<M>>>;
    next = page[token] as string | undefined;
    if (!next) return;
    // A service that repeats a token would loop forever; stop instead (as the AWS SDK does).
    if (seen.has(next)) return;
    seen.add(next);
  }
}
