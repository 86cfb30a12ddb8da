// Bundled by esbuild for the Chromium tests: the public entry, as a page would import it.
import * as cognitoEdge from '../../src/index.js';

(globalThis as unknown as { cognitoEdge: typeof cognitoEdge }).cognitoEdge = cognitoEdge;
