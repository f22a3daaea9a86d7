/** @type {import('jest').Config} */
const config = {
  // jsdom plus Node's fetch family, which the API client and the data router rely on.
  testEnvironment: '<rootDir>/jest.environment.cjs',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts?(x)'],
  setupFilesAfterEnv: ['<rootDir>/src/test/setup.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '\\.css$': 'identity-obj-proxy',
    // Test against the contracts' source, so a change there needs no rebuild.
    '^@newsdesk/shared$': '<rootDir>/../shared/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  restoreMocks: true,
  // Each file's wall time after the summary, slowest first.
  reporters: ['default', '<rootDir>/../scripts/jest-suite-timings.mjs'],
};

export default config;
