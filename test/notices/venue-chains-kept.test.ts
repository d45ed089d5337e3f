import assert from 'node:assert/strict';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { TestGateway } from '../support/test-gateway';
import { activeNotice, declareDuc, noticeOf, registerPari, scan, stay } from './notice-story';

const HOUR = 3_600_000;

/**
 * A close contact's stay is weighed with every venue it lies under. Venues are added, never edited
 * or removed, so a venue's chain is read once and kept by the process: later scans read no venue.
 * A read that failed is not kept: the next scan reads again.
 */
describe("the venues a close contact's stay lies under", function () {
  this.timeout(30000);
  let gw: TestGateway;
  after(() => gw?.stop());

  it('are read once and kept for later scans; a read that failed is read again', async () => {
    const now = new Date();
    gw = await TestGateway.start({}, () => now);
    const pari = await registerPari(gw);
    const duc = await declareDuc(gw, now);
    await stay(gw, pari.venueId, duc.qr, new Date(now.getTime() - 5 * HOUR), new Date(now.getTime() - 4 * HOUR));
    await activeNotice(gw, noticeOf(pari.venueId, new Date(now.getTime() - 6 * HOUR), new Date(now.getTime() - 3 * HOUR)));

    const store = gw.gateway.venueStore;
    const getVenue = store.getVenue.bind(store);
    let reads = 0;
    let failing = true;
    store.getVenue = async (venueId) => {
      reads += 1;
      if (failing) throw new StoreUnavailable('the venue store did not answer');
      return getVenue(venueId);
    };
    assert.equal((await scan(gw, duc.qr)).status, 503, 'a venue that could not be read is no answer from a part');
    failing = false;
    assert.equal((await scan(gw, duc.qr)).body.status, 'red');
    assert.equal(reads, 2, 'the failed read was not kept: read again');
    assert.equal((await scan(gw, duc.qr)).body.status, 'red');
    assert.equal((await scan(gw, duc.qr)).body.status, 'red');
    assert.equal(reads, 2, 'the chain read whole was kept: no venue read by the later scans');
  });
});
