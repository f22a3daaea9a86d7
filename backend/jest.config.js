/** Backend tests: ESM TypeScript through @swc/jest, one embedded PostgreSQL cluster per run, one database per test file. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
  },
];

// ESM-only packages that CommonJS dependencies require() (light-my-request → cookie, @fastify/static → content-disposition):
// under jest on Node 20 they must be compiled to CommonJS.
const ESM_ONLY = ['cookie', 'content-disposition'];
const esmOnly = `(${ESM_ONLY.join('|')})`;

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': swc,
    [`[/\\\\]node_modules[/\\\\]${esmOnly}[/\\\\].+\\.js$`]: ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!${esmOnly}/)`],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30_000,
  maxWorkers: 2,
  // Each file's wall time after the summary, slowest first.
  reporters: ['default', '<rootDir>/../scripts/jest-suite-timings.mjs'],
};
