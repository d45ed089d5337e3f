import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs `script` in a node process of its own (its standard output is the one under test), with
 * `createLogger` in scope and every fs.writeSync to standard output counted: the count goes to
 * standard error when the process exits.
 */
function run(script: string) {
  const prelude = `
    const fs = require('node:fs');
    let writes = 0;
    const writeSync = fs.writeSync;
    fs.writeSync = (fd, ...rest) => { if (fd === 1) writes += 1; return writeSync(fd, ...rest); };
    process.on('exit', () => process.stderr.write(String(writes)));
    const { createLogger } = require('./gateway/logging/logger');
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', prelude + script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { msg: string; n?: number });
  return { lines, writes: Number(child.stderr.trim().split(/\s/).pop()) };
}

describe('log lines on standard output: one write a turn', function () {
  this.timeout(30000);

  it('writes the lines one turn logged together, in order, once the turn is over', () => {
    const { lines, writes } = run(`
      const logger = createLogger('info');
      for (let n = 1; n <= 50; n += 1) logger.info({ n }, 'Quận Hoàn Kiếm');
      setImmediate(() => setImmediate(() => logger.info({ n: 51 }, 'next turn')));
    `);
    assert.deepEqual(
      lines.map((line) => line.n),
      Array.from({ length: 51 }, (_, i) => i + 1),
    );
    assert.equal(lines[0]?.msg, 'Quận Hoàn Kiếm');
    assert.equal(writes, 2, 'the first turn in one write, the later line in another');
  });

  it('writes the lines still waiting when the process exits in the same turn', () => {
    const { lines } = run(`
      const logger = createLogger('info');
      for (let n = 1; n <= 1000; n += 1) logger.info({ n }, 'before exit');
      process.exit(0);
    `);
    assert.equal(lines.length, 1000);
    assert.equal(lines.at(-1)?.n, 1000);
  });
});
