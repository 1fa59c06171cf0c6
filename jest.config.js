/** Tests run the TypeScript sources directly through SWC; `npm run typecheck` does the type checking. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/infra/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 30000,
  // Most suites wait on local HTTP (the emulator, the fake Slack, dynalite) rather than on the CPU: three
  // workers on a 2-core machine run the whole suite in about half the time of jest's default (cores - 1).
  maxWorkers: 3,
};
