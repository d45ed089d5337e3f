// A promise rejected with nobody listening crashes a Node 20 process (the gateway in production),
// but mocha 12 traps such rejections from the code under test and drops them. Thrown here, it is
// an uncaught exception, which mocha fails the running test with.
process.on('unhandledRejection', (reason) => {
  throw reason instanceof Error ? reason : new Error(`a promise was rejected with ${String(reason)} and nobody listened`);
});
