// TypeScript runs through tsx's CommonJS hook: no build step before the tests.
module.exports = {
  require: ['tsx/cjs', './test/support/unhandled-rejections.cjs'],
  extension: ['ts'],
  spec: ['test/**/*.test.ts'],
  reporter: './test/support/count-reporter.cjs',
  timeout: 10000,
};
