import assert from 'node:assert/strict';
import { Cancellation, Deadline } from '../../gateway/routing/deadline';
import { cancelled } from '../support/wait-for';

/** A cancellation cancelled by hand (Deadline and a shared call's flight cancel theirs by their own rules). */
class Cancelled extends Cancellation {
  now(reason: unknown): void {
    this.cancel(reason);
  }
}

/**
 * What a scan's deadline and a shared platform call tell the work made for them when their time is
 * up: by callbacks, not by an AbortSignal each (node 20 makes a signal dear), as an AbortSignal's
 * listeners were told.
 */
describe('a cancellation', () => {
  it('tells each listener once, in the order they came; one that came after, at once; one forgotten, never', () => {
    const cancellation = new Cancelled();
    const told: string[] = [];
    cancellation.onCancel((reason) => told.push(`tuyến 1: ${String(reason)}`));
    const forget = cancellation.onCancel(() => told.push('tuyến 2'));
    cancellation.onCancel(() => told.push('tuyến 3'));
    forget();
    cancellation.now('hết giờ');
    cancellation.now('again');
    cancellation.onCancel((reason) => told.push(`late: ${String(reason)}`));
    assert.deepEqual(told, ['tuyến 1: hết giờ', 'tuyến 3', 'late: hết giờ']);
    assert.equal(cancellation.cancelled, true);
    assert.equal(cancellation.reason, 'hết giờ');
  });

  it('stays as it is for listeners added or removed while it tells them, and tells another cancellation cancelled from a listener', () => {
    const first = new Cancelled();
    const second = new Cancelled();
    const told: string[] = [];
    let forgetLater = (): boolean => false;
    first.onCancel(() => {
      told.push('A');
      forgetLater();
      first.onCancel(() => told.push('added while telling'));
      second.now('nối tiếp');
    });
    forgetLater = first.onCancel(() => told.push('removed before its turn')) as () => boolean;
    first.onCancel(() => told.push('C'));
    second.onCancel((reason) => told.push(`second: ${String(reason)}`));
    first.now('hết giờ');
    assert.deepEqual(told, ['A', 'added while telling', 'second: nối tiếp', 'C']);
  });

  it('still tells the others when one listener throws, and throws its error again, uncaught, on the next tick', async () => {
    const cancellation = new Cancelled();
    const told: string[] = [];
    const defect = new TypeError('a listener with a defect');
    cancellation.onCancel(() => {
      throw defect;
    });
    cancellation.onCancel(() => told.push('told'));
    const uncaught = new Promise<unknown>((resolve) => {
      const listeners = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      process.once('uncaughtException', (error) => {
        for (const listener of listeners) process.on('uncaughtException', listener);
        resolve(error);
      });
    });
    cancellation.now('hết giờ');
    assert.deepEqual(told, ['told']);
    assert.equal(await uncaught, defect);
  });

  it('is never told by a deadline ended before it came', async () => {
    const deadline = new Deadline(5);
    let told = false;
    deadline.onCancel(() => (told = true));
    deadline.end();
    // A later deadline has come: the ended one's would have, long before.
    await cancelled(new Deadline(30), 5000, 'a later deadline');
    assert.equal(told, false);
    assert.equal(deadline.cancelled, false);
  });
});
