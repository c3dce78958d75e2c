// Jest in ESM mode (ts-jest ESM preset). Run through `node --experimental-vm-modules`.
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/actions', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    '^@gitops-actions/(core|sandbox|cli)$': '<rootDir>/packages/$1/src/index.ts',
    '^@gitops-actions/core/interface$': '<rootDir>/packages/core/src/interface/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }],
  },
  testTimeout: 60000,
  // The face tests run bundles built from the sources under test (see the file).
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
};
