// Extracts the operation and paginator names from the boto3 API reference
// (../shared/reference/cognito-idp-boto3-api-reference.txt, outside the repo) into
// test/client/fixtures/boto3-reference.json, so that the coverage test runs on any clone.
// Only names are kept: they are facts about the API, not the reference's prose.
import { readFileSync, writeFileSync } from 'node:fs';

export function extractBoto3Names(text) {
  const start = text.indexOf('These are the available methods:');
  const methods = [...text.slice(start).matchAll(/^([a-z_0-9]+)\(\)$/gm)]
    .map((m) => m[1])
    .filter((m) => !['can_paginate', 'close', 'get_paginator', 'get_waiter'].includes(m));
  const paginators = [...text.matchAll(/^CognitoIdentityProvider\.Paginator\.(\w+)$/gm)].map((m) => m[1]);
  return { methods: [...new Set(methods)].sort(), paginators: [...new Set(paginators)].sort() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ref = new URL('../../shared/reference/cognito-idp-boto3-api-reference.txt', import.meta.url);
  const names = extractBoto3Names(readFileSync(ref, 'utf8'));
  const out = new URL('../test/client/fixtures/boto3-reference.json', import.meta.url);
  writeFileSync(out, JSON.stringify({ source: 'shared/reference/cognito-idp-boto3-api-reference.txt', ...names }, null, 2) + '\n');
  console.log(`${names.methods.length} methods, ${names.paginators.length} paginators`);
}
