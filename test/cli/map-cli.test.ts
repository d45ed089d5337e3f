import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goldenNative } from '../support/mapping';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'map-cli-'));

/** Runs the partners' command as `npm run -s map` does, and gives its exit code and output. */
function map(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'gateway/cli/map-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('the map command for partners', function () {
  this.timeout(20000);

  it('prints the canonical declaration of one record and exits 0', () => {
    const { status, stdout } = map('tokhaiyte', file('ok.json', JSON.stringify(goldenNative('tokhaiyte', '01'))));
    assert.equal(status, 0);
    const declaration = JSON.parse(stdout);
    assert.equal(declaration.source.recordId, 'TK21081500012345');
    assert.equal(declaration.subject.fullName, 'Nguyễn Văn An');
  });

  it('prints every reason of a refused record and exits 1', () => {
    const { status, stdout } = map(
      'tokhaiyte',
      file('bad.json', JSON.stringify({ ...goldenNative('tokhaiyte', '01'), dien_thoai: '12', nam_sinh: 2099 })),
    );
    assert.equal(status, 1);
    assert.deepEqual(
      JSON.parse(stdout).reasons.map((r: { pointer: string }) => r.pointer),
      ['/nam_sinh', '/dien_thoai'],
    );
  });

  it('reads NDJSON: one line per record in order, a line that is not JSON refused alone, then a summary', () => {
    const lines = [JSON.stringify(goldenNative('zalo', '01')), '{not json', JSON.stringify(goldenNative('zalo', '02'))];
    const { status, stdout } = map('zalo', file('batch.ndjson', `${lines.join('\n')}\n`));
    const out = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(status, 1);
    assert.deepEqual(
      out.map((o) => o.accepted),
      [true, false, true, undefined],
    );
    assert.deepEqual(out[3], { summary: { records: 3, accepted: 2, refused: 1 } });
  });

  it('names the instances when asked for one it does not know', () => {
    const { status, stderr } = map('vneid', file('x.json', '{}'));
    assert.equal(status, 2);
    assert.match(stderr, /unknown instance "vneid".*smartcity-haiphong/);
  });

  it('says which file it cannot read, without a stack trace', () => {
    const { status, stderr } = map('tokhaiyte', join(dir, 'to-khai-khong-co.json'));
    assert.equal(status, 2);
    assert.match(stderr, /^cannot read .*to-khai-khong-co\.json: no such file/);
    assert.doesNotMatch(stderr, /\bat \S+ \(/);
  });
});
