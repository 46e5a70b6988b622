/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // jose 6 ships ES modules only; Jest's module system needs CommonJS, so transpile it.
    '/node_modules/jose/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testTimeout: 60000,
  // Builds the apps (web/) once if stale, before any test file runs.
  globalSetup: '<rootDir>/test/globalSetup.ts',
  // Servers in different test files bind their own free ports; two workers fit a 2-core machine.
  maxWorkers: 2,
};
