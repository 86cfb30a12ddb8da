// Error parsing agrees with @aws-sdk/client-cognito-identity-provider: the same error responses
// fed to both give the same exception name, message, status and request id.
import { Readable } from 'node:stream';
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { CognitoUnsignedClient, isCognitoError } from '../../src/client/index.js';

interface Shape {
  label: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

const shapes: Shape[] = [
  { label: 'plain __type + message', status: 400, headers: {}, body: JSON.stringify({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }) },
  { label: 'namespaced __type', status: 400, headers: {}, body: JSON.stringify({ __type: 'com.amazonaws.cognito.identity.idp.model#UserNotFoundException', message: 'User does not exist.' }) },
  { label: 'Message with a capital M', status: 400, headers: {}, body: JSON.stringify({ __type: 'InvalidParameterException', Message: 'bad' }) },
  { label: 'type in x-amzn-ErrorType with :suffix', status: 400, headers: { 'x-amzn-errortype': 'CodeMismatchException:http://internal.amazon.com/coral/com.amazonaws.cognito.identity.idp.model/' }, body: JSON.stringify({ message: 'Invalid code provided, please request a code again.' }) },
  { label: 'x-amzn-ErrorType repeated (joined "A, A" by Headers)', status: 400, headers: { 'x-amzn-errortype': 'NotAuthorizedException, NotAuthorizedException' }, body: JSON.stringify({ message: 'Refresh Token has expired' }) },
  { label: 'x-amzn-ErrorType comma list', status: 400, headers: { 'x-amzn-errortype': 'NotAuthorizedException,Other' }, body: JSON.stringify({ message: 'no' }) },
  { label: 'x-amzn-ErrorType comma list with :suffix', status: 400, headers: { 'x-amzn-errortype': 'UserNotFoundException:http://internal.amazon.com/x/,UserNotFoundException:http://internal.amazon.com/x/' }, body: JSON.stringify({ message: 'gone' }) },
  { label: 'throttling', status: 400, headers: {}, body: JSON.stringify({ __type: 'TooManyRequestsException', message: 'Rate exceeded' }) },
  { label: 'server fault', status: 500, headers: {}, body: JSON.stringify({ __type: 'InternalErrorException', message: 'oops' }) },
];

async function sdkError(s: Shape) {
  const client = new sdk.CognitoIdentityProviderClient({
    region: 'eu-west-1',
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: s.status,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'rid-1', ...s.headers },
          body: Readable.from([Buffer.from(s.body)]),
        },
      }),
    } as never,
  });
  return client.send(new sdk.GetUserCommand({ AccessToken: "t" })).then(
    () => { throw new Error("expected an error"); },
    (e) => e as sdk.CognitoIdentityProviderServiceException,
  );
}

async function ourError(s: Shape) {
  const client = new CognitoUnsignedClient({
    region: 'eu-west-1',
    maxAttempts: 1,
    fetch: async () => new Response(s.body, { status: s.status, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'rid-1', ...s.headers } }),
  });
  return client.send('GetUser', { AccessToken: 't' }).catch((e) => e);
}

describe('error parsing matches the AWS SDK', () => {
  it.each(shapes.map((s) => [s.label, s] as const))('%s', async (_l, s) => {
    const theirs = await sdkError(s);
    const ours = await ourError(s);
    expect(isCognitoError(ours)).toBe(true);
    expect(ours.name).toBe(theirs.name);
    expect(ours.message).toBe(theirs.message);
    expect(ours.$metadata.httpStatusCode).toBe(theirs.$metadata.httpStatusCode);
    expect(ours.$metadata.requestId).toBe(theirs.$metadata.requestId);
  });
});
