import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Venue } from '../../gateway/domain/venue';
import { MemoryVenueStore } from '../../gateway/store/venue-store';
import { VenueQr } from '../../gateway/venues/venue-qr';
import { VenueService } from '../../gateway/venues/venue-service';
import { forgeCode, sTwin } from '../qr/forge-code';
import { ingestFixture } from '../support/ingest-fixture';

const PREFIX = 'VNVN1:';
const market = { name: 'Chợ Bến Thành', kind: 'permanent', address: { province: '79' } };

/** A venue code signed by whoever holds `key` with a standard JOSE library, in low-S form. */
const forge = (key: KeyObject, kid: string, payload: Record<string, unknown>) => forgeCode(key, kid, payload, {}, PREFIX);

describe('a venue QR is refused unless it is the code issued to a venue the gateway holds', () => {
  const setup = async () => {
    const { unifiedQr, config } = ingestFixture();
    const store = new MemoryVenueStore();
    const venues = new VenueService({ venues: store, venueQr: new VenueQr(unifiedQr), clock: () => new Date('2021-03-26T09:00:00+07:00') });
    const registered = await venues.register(market);
    assert.ok(registered.ok);
    const key = config.qr.keys.find((k) => k.kid === config.qr.activeKid)!;
    return { venues, venue: registered.venue, key, unifiedQr };
  };

  it('accepts the code issued to a registered venue', async () => {
    const { venues, venue } = await setup();
    assert.deepEqual(await venues.checkVenueQr(venue.qr), { status: 'valid', venueId: venue.venueId, version: 1 });
    assert.deepEqual(await venues.checkVenueQr(`  ${venue.qr}\n`), { status: 'valid', venueId: venue.venueId, version: 1 });
  });

  it('refuses a code whose signature was tampered with', async () => {
    const { venues, venue } = await setup();
    const dot = venue.qr.lastIndexOf('.');
    const flipped = venue.qr.slice(0, dot + 1) + (venue.qr[dot + 1] === 'A' ? 'B' : 'A') + venue.qr.slice(dot + 2);
    assert.deepEqual(await venues.checkVenueQr(flipped), { status: 'invalid', reason: 'bad-signature' });
  });

  it('refuses a code renamed in its payload, the signature kept', async () => {
    const { venues, venue } = await setup();
    const [header, , signature] = venue.qr.slice(PREFIX.length).split('.');
    const renamed = Buffer.from(JSON.stringify({ sub: venue.venueId, v: 1, name: 'Chợ Bình Tây' })).toString('base64url');
    assert.deepEqual(await venues.checkVenueQr(`${PREFIX}${header}.${renamed}.${signature}`), {
      status: 'invalid',
      reason: 'bad-signature',
    });
  });

  it('refuses a code signed by another key, under the published key id or its own', async () => {
    const { venues, venue, key } = await setup();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const payload = { sub: venue.venueId, v: 1, name: venue.name };
    assert.deepEqual(await venues.checkVenueQr(await forge(other, key.kid, payload)), { status: 'invalid', reason: 'bad-signature' });
    assert.deepEqual(await venues.checkVenueQr(await forge(other, 'attacker', payload)), { status: 'invalid', reason: 'unknown-key' });
  });

  it('refuses the high-S twin of an issued code, which a JOSE library would accept', async () => {
    const { venues, venue } = await setup();
    assert.deepEqual(await venues.checkVenueQr(sTwin(venue.qr)), { status: 'invalid', reason: 'bad-signature' });
  });

  it('refuses a well-signed code for a venue never registered, and one signed again for a registered venue', async () => {
    const { venues, venue, key } = await setup();
    const unknown = await forge(key.privateKey, key.kid, { sub: 'ven_AAAAAAAAAAAAAAAAAAAAAA', v: 1, name: 'Khách sạn Pari' });
    assert.deepEqual(await venues.checkVenueQr(unknown), { status: 'invalid', reason: 'unknown-venue' });
    const again = await forge(key.privateKey, key.kid, { sub: venue.venueId, v: 1, name: venue.name });
    assert.deepEqual(await venues.checkVenueQr(again), { status: 'invalid', reason: 'not-issued' });
  });

  it("refuses a citizen's code, and a venue code whose payload is not a venue's", async () => {
    const { venues, key, unifiedQr } = await setup();
    const citizen = unifiedQr.issue('cit_AAAAAAAAAAAAAAAAAAAAAA', 1, new Date()).text;
    assert.deepEqual(await venues.checkVenueQr(citizen), { status: 'invalid', reason: 'malformed' });
    const asVenue = await forge(key.privateKey, key.kid, { sub: 'cit_AAAAAAAAAAAAAAAAAAAAAA', v: 1, iat: 1 });
    assert.deepEqual(await venues.checkVenueQr(asVenue), { status: 'invalid', reason: 'malformed' });
  });
});

describe('a refused venue registration', () => {
  it('stores nothing', async () => {
    const { unifiedQr } = ingestFixture();
    const written: Venue[] = [];
    const store = new MemoryVenueStore();
    const counting = Object.assign(Object.create(store) as MemoryVenueStore, {
      addVenue: (venue: Venue) => {
        written.push(venue);
        return store.addVenue(venue);
      },
    });
    const venues = new VenueService({ venues: counting, venueQr: new VenueQr(unifiedQr), clock: () => new Date() });
    const refused = await venues.register({ ...market, address: { province: 'Atlantis' } });
    assert.equal(refused.ok, false);
    assert.deepEqual(written, []);
  });
});
