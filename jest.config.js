/** Unit tests (`*.test.ts`) and integration tests against real loopback servers (`*.itg.test.ts`) run together. */
export default {
  preset: 'ts-jest/presets/default-esm',
  // Output of the code under test is shown only for failing tests (see the file).
  testEnvironment: '<rootDir>/__tests__/setup/environment.js',
  // No gpg-agent of the tests outlives the run (see the file).
  globalTeardown: '<rootDir>/__tests__/setup/agents.ts',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testTimeout: 60000,
  maxWorkers: 2,
  verbose: false,
  reporters: ['default', '<rootDir>/scripts/jest-tally.js']
}
