// The long fuzz run (`npm run fuzz`): only the property-based tests, without mocha's per-test timeout.
module.exports = {
  require: ['tsx/cjs'],
  extension: ['ts'],
  spec: ['test/fuzz/*.fuzz.test.ts'],
  reporter: './test/support/count-reporter.cjs',
  timeout: 0,
};
