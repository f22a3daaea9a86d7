const { TestEnvironment } = require('jest-environment-jsdom');

// jsdom has no fetch, Request, Response or TextEncoder, and its AbortSignal is not the one Node's
// Request accepts; hand the tests Node's own so the API client and the data router run unchanged.
const NODE_GLOBALS = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'AbortController',
  'AbortSignal',
  'TextEncoder',
  'TextDecoder',
  'ReadableStream',
  'structuredClone',
];

class JsdomWithFetchEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of NODE_GLOBALS) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = JsdomWithFetchEnvironment;
