'use strict';
// Mocha's spec output for people, then one plain last line for CI: `tests: N passed, N failed`.
// CI reads only that line and the exit code (mocha exits non-zero when any test failed).
const Mocha = require('mocha');
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on(EVENT_TEST_PASS, () => {
      passed += 1;
    });
    runner.on(EVENT_TEST_FAIL, () => {
      failed += 1;
    });
    // `once` on the end event registered after Spec's own, so this line comes after its summary.
    runner.once(EVENT_RUN_END, () => {
      process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
    });
  }
}

module.exports = CountReporter;
