/** Unit tests (`*.test.ts`) and integration tests against real loopback servers (`*.itg.test.ts`) run together. */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/__tests__/setup/quiet.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testTimeout: 60000,
  maxWorkers: 2,
  verbose: false,
  reporters: ['default', '<rootDir>/scripts/jest-tally.js']
}
