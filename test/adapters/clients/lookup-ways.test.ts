import assert from 'node:assert/strict';
import { createBluezoneClient } from '../../../adapters/bluezone/bluezone-client';
import { createNcoviClient } from '../../../adapters/ncovi/ncovi-client';
import { createSmartcityClient } from '../../../adapters/smartcity/smartcity-client';
import { createTokhaiyteClient } from '../../../adapters/tokhaiyte/tokhaiyte-client';
import { createZaloClient } from '../../../adapters/zalo/zalo-client';
import type { Identifier } from '../../../gateway/domain/canonical-declaration';
import type { LookupClient, LookupSubject } from '../../../adapters/common/upstream';

const connection = { baseUrl: 'http://platform.test', credentials: {} };
const CCCD: Identifier = { system: 'vn-cccd', value: '001190012345' };
const CMND: Identifier = { system: 'vn-cmnd', value: '012345678' };
const PHONE = '+84912345678';
const DEVICE_A: Identifier = { system: 'bluezone', value: 'BZ7K2M9QXA' };
const DEVICE_B: Identifier = { system: 'bluezone', value: 'BZ3H8P2RTW' };

/** Chị Đặng Thị Thu as the gateway knows her: her CCCD, the CMND before it, her phone, her two Bluezone devices. */
const HER: LookupSubject = { documents: [CCCD, CMND], phones: [PHONE], platformIds: [DEVICE_A, DEVICE_B], scopes: [] };

/** What each lookup of a client's ways asks by: its one identifier. */
function asked(client: LookupClient, subject: LookupSubject): string[] {
  return (client.ways?.(subject) ?? [subject]).map((way) =>
    [...way.documents.map((d) => d.value), ...way.phones, ...way.platformIds.map((p) => p.value)].join(' '),
  );
}

describe("the ways a platform is asked for a citizen's newest records: one lookup each", () => {
  it('asks tokhaiyte and SmartCity by each document, those its own records were filed under first', () => {
    for (const client of [createTokhaiyteClient(connection), createSmartcityClient(connection, 'hanoi')]) {
      assert.deepEqual(asked(client, HER), [CCCD.value, CMND.value]);
      assert.deepEqual(asked(client, { ...HER, filedUnder: [CMND] }), [CMND.value, CCCD.value]);
    }
  });

  it('asks NCOVI by each document, and by a phone only where she has no document or NCOVI filed her records under it (a phone may be a family’s)', () => {
    const ncovi = createNcoviClient(connection);
    assert.deepEqual(asked(ncovi, HER), [CCCD.value, CMND.value]);
    assert.deepEqual(asked(ncovi, { ...HER, filedUnder: [{ system: 'phone', value: PHONE }] }), [PHONE, CCCD.value, CMND.value]);
    assert.deepEqual(asked(ncovi, { ...HER, documents: [] }), [PHONE]);
  });

  it('asks Bluezone by each device (each its own risk level), and by the phone only where no device is known', () => {
    const bluezone = createBluezoneClient(connection);
    assert.deepEqual(asked(bluezone, HER), [DEVICE_A.value, DEVICE_B.value]);
    // The device her newest Bluezone record came from first: with more devices than a scan asks, it is the one in use.
    assert.deepEqual(asked(bluezone, { ...HER, filedUnder: [DEVICE_B] }), [DEVICE_B.value, DEVICE_A.value]);
    assert.deepEqual(asked(bluezone, { ...HER, platformIds: [] }), [PHONE]);
  });

  it('asks each way once, a document filed under and also held given once', () => {
    assert.deepEqual(asked(createTokhaiyteClient(connection), { ...HER, filedUnder: [CCCD, CCCD, CMND] }), [CCCD.value, CMND.value]);
  });

  it('asks Zalo under each official account she wrote to, with the user id her forms there carried, newest first', () => {
    const zalo = createZaloClient(connection);
    const inHaNam: Identifier = { system: 'zalo', value: '8412345678901234567' };
    const national: Identifier = { system: 'zalo', value: '8499887766554433221' };
    const her: LookupSubject = {
      ...HER,
      platformIds: [inHaNam, national],
      scopes: ['phongchongcorona', 'congan.hanam'],
      scopedIds: [
        { scope: 'phongchongcorona', id: national },
        { scope: 'congan.hanam', id: inHaNam },
        { scope: 'phongchongcorona', id: national },
      ],
    };
    assert.deepEqual(
      (zalo.ways?.(her) ?? []).map((way) => [way.scopes, way.platformIds.map((id) => id.value)]),
      [
        [['phongchongcorona'], [national.value]],
        [['congan.hanam'], [inHaNam.value]],
      ],
    );
    // No form read with its account (all older than a scan reads): the newest account seen, as before.
    assert.deepEqual(zalo.ways?.({ ...her, scopedIds: [] }), [{ ...her, scopedIds: [] }]);
  });
});
