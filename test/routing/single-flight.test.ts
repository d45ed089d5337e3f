import assert from 'node:assert/strict';
import { Deadline, type CallDeadline } from '../../gateway/routing/deadline';
import { SingleFlight } from '../../gateway/routing/single-flight';
import { cancelled } from '../support/wait-for';

/**
 * A platform call the test answers by hand: no timer decides what the test sees. `open()` answers
 * every call waiting; a cancelled call ends with 'cancelled' (as the guarded lookup's does: an
 * answer, not a rejection, of the call's own).
 */
class GatedPlatform {
  calls = 0;
  cancelled = 0;
  private readonly waiting: (() => void)[] = [];

  /** false: a cancelled call still ends only when opened (a socket that takes its time to close). */
  constructor(private readonly endsWhenCancelled = true) {}

  readonly run = (deadline: CallDeadline): Promise<string> => {
    this.calls += 1;
    return new Promise((resolve) => {
      deadline.onCancel(() => {
        this.cancelled += 1;
        if (this.endsWhenCancelled) resolve('cancelled');
      });
      this.waiting.push(() => resolve(`hồ sơ TK21081500012345, ${deadline.remainingMs() > 1000 ? 'time left' : 'no time left'}`));
    });
  };

  open(): void {
    for (const answer of this.waiting.splice(0)) answer();
  }
}

/** Until `deadline` has come, without sleeping. */
const expired = (deadline: Deadline) => cancelled(deadline, 5000, 'the deadline');

describe('single flight: concurrent scans of one citizen share one call per platform', () => {
  it('makes one call for every scan asking for the same instance and subject at once, and one per other subject', async () => {
    const flights = new SingleFlight<string>();
    const platform = new GatedPlatform();
    const asks = [
      ...Array.from({ length: 50 }, () => flights.run('zalo\ncitizen:cit_hoa', new Deadline(5000), platform.run)),
      flights.run('zalo\ncitizen:cit_binh', new Deadline(5000), platform.run),
    ];
    assert.equal(platform.calls, 2);
    platform.open();
    const joined = await Promise.all(asks);
    assert.equal(joined.filter((j) => j?.shared === false).length, 2, 'each call has the one scan that started it');
    assert.equal(joined.filter((j) => j?.shared === true).length, 49);
    assert.ok(joined.every((j) => j?.value.startsWith('hồ sơ')));
    assert.equal(flights.size, 0, 'a settled call leaves the map');
  });

  it("does not cancel the call for the scans still waiting when one scan's deadline comes: that scan alone goes", async () => {
    const flights = new SingleFlight<string>();
    const platform = new GatedPlatform();
    const hurried = new Deadline(30);
    const first = flights.run('c06\ncitizen:cit_hoa', hurried, platform.run);
    const second = flights.run('c06\ncitizen:cit_hoa', new Deadline(5000), platform.run);
    await expired(hurried);
    assert.equal(await first, undefined, 'the hurried scan gives up at its deadline');
    assert.equal(platform.cancelled, 0, 'the call goes on for the other scan');
    platform.open();
    assert.deepEqual(await second, { value: 'hồ sơ TK21081500012345, time left', shared: true });
    assert.equal(platform.calls, 1);
  });

  it('gives the shared call the longest time any waiting scan has, for a retry to fit in', async () => {
    const flights = new SingleFlight<string>();
    const platform = new GatedPlatform();
    const short = flights.run('c06\ncitizen:cit_hoa', new Deadline(500), platform.run);
    const long = flights.run('c06\ncitizen:cit_hoa', new Deadline(5000), platform.run);
    platform.open();
    assert.equal((await short)?.value, 'hồ sơ TK21081500012345, time left');
    await long;
  });

  it('cancels the call once the last waiting scan has given up, and that scan gets the call’s own end', async () => {
    const flights = new SingleFlight<string>();
    const platform = new GatedPlatform();
    const deadlines = [new Deadline(20), new Deadline(40)];
    const asks = deadlines.map((d) => flights.run('bluezone\ncitizen:cit_hoa', d, platform.run));
    await Promise.all(deadlines.map(expired));
    assert.deepEqual(await Promise.all(asks), [undefined, { value: 'cancelled', shared: true }]);
    assert.equal(platform.cancelled, 1);
    assert.equal(flights.size, 0);
  });

  it('starts a new call for a scan that comes after the last one gave up, rather than joining the call being cancelled', async () => {
    const flights = new SingleFlight<string>();
    const platform = new GatedPlatform(false);
    const hurried = new Deadline(20);
    const gone = flights.run('ncovi\ncitizen:cit_hoa', hurried, platform.run);
    await expired(hurried);
    assert.equal(platform.cancelled, 1);
    const next = flights.run('ncovi\ncitizen:cit_hoa', new Deadline(5000), platform.run);
    assert.equal(platform.calls, 2);
    platform.open();
    assert.equal((await next)?.shared, false);
    await gone;
  });

  it('stays bounded: past its bound a call is made unshared, and the map never grows past it', async () => {
    const flights = new SingleFlight<string>(1);
    const platform = new GatedPlatform();
    const asks = ['cit_hoa', 'cit_binh', 'cit_binh'].map((c) => flights.run(`zalo\ncitizen:${c}`, new Deadline(5000), platform.run));
    assert.equal(flights.size, 1);
    assert.equal(platform.calls, 3);
    platform.open();
    await Promise.all(asks);
    assert.equal(flights.size, 0);
  });
});
