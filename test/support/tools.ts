import { spawnSync } from 'node:child_process';

/**
 * For tests that need a program from Debian (chromium, promtool): on a laptop without it they skip
 * with a clear message; under CI (CI set) a missing program fails them, since .ci/run installs it.
 */
export function requireProgram(context: Mocha.Context, program: string, debianPackage: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  if (process.env.CI) throw new Error(`${program} is required under CI (apt-get install ${debianPackage}; .ci/run does it)`);
  process.stdout.write(`      (skipped: ${program} is not installed; apt-get install ${debianPackage}, or run .ci/run)\n`);
  context.skip();
}
