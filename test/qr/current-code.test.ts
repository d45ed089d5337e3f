import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { CitizenQr } from '../../gateway/identity/citizen-qr';
import { unifiedQrStatus } from '../../gateway/identity/qr-status';
import { UnifiedQr } from '../../gateway/qr/unified-qr';
import { writeQrKey } from '../../gateway/sandbox/sandbox-secrets';
import { ingestFixture } from '../support/ingest-fixture';
import { goldenNative } from '../support/mapping';
import { forgeCode } from './forge-code';

const epoch = (iso: string) => Date.parse(iso) / 1000;
const RETIRED_AT = '2021-09-01T00:00:00+07:00';

/**
 * A citizen whose first code (v1, 2021-08-20) was signed by the sandbox key; then the operator
 * rotates to a new key and retires the old one on 2021-09-01: still published, never signing.
 */
async function rotatedCitizen() {
  const dir = mkdtempSync(join(tmpdir(), 'retire-'));
  const f = ingestFixture(undefined, dir);
  const oldKid = f.config.qr.activeKid;
  const { citizenId } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
  const first = await f.citizenQr.current(citizenId!);
  writeQrKey(join(dir, 'qr-keys'), 'zz-2021-09');
  const config = loadSandboxConfig({ SANDBOX_DIR: dir, QR_ACTIVE_KID: 'zz-2021-09', QR_RETIRED_KIDS: `${oldKid}@${RETIRED_AT}` });
  const qr = new UnifiedQr(config.qr);
  const citizenQr = new CitizenQr(f.store, qr, () => new Date('2021-09-02T08:00:00+07:00'));
  const oldKey = config.qr.keys.find((k) => k.kid === oldKid)!.privateKey;
  const status = (text: string) => unifiedQrStatus(text, qr, f.store);
  return { citizenId: citizenId!, first, oldKid, oldKey, qr, citizenQr, status };
}

describe("a unified QR is valid only as the citizen's current code", () => {
  it('refuses a code signed with a retired key and v 999 after the operator revoked the citizen', async () => {
    const c = await rotatedCitizen();
    const current = (await c.citizenQr.revoke(c.citizenId))!;
    assert.equal((await c.status(current.text)).status, 'valid');
    // Dated before the retirement, so only the version gives it away.
    const forged = await forgeCode(c.oldKey, c.oldKid, { sub: c.citizenId, v: 999, iat: epoch('2021-08-25T00:00:00+07:00') });
    assert.deepEqual(await c.status(forged), { status: 'invalid', reason: 'bad-version' });
    assert.deepEqual(await c.status(c.first.text), { status: 'revoked', citizenId: c.citizenId, version: 1 });
  });

  it('refuses the current version signed with another published key', async () => {
    const c = await rotatedCitizen();
    const current = await c.citizenQr.current(c.citizenId);
    assert.equal(current.version, 2);
    const forged = await forgeCode(c.oldKey, c.oldKid, { sub: c.citizenId, v: current.version, iat: epoch('2021-08-25T00:00:00+07:00') });
    assert.deepEqual(await c.status(forged), { status: 'invalid', reason: 'not-issued' });
  });

  it('refuses a code signed with a retired key after its retirement, whatever its version', async () => {
    const c = await rotatedCitizen();
    const forged = await forgeCode(c.oldKey, c.oldKid, { sub: c.citizenId, v: 1, iat: epoch(RETIRED_AT) + 1 });
    assert.deepEqual(await c.status(forged), { status: 'invalid', reason: 'retired-key' });
  });

  it("keeps a code the retired key issued before its retirement valid until the citizen's code is re-keyed", async () => {
    const c = await rotatedCitizen();
    assert.deepEqual(await c.status(c.first.text), { status: 'valid', citizenId: c.citizenId, version: 1 });
    const next = await c.citizenQr.current(c.citizenId);
    assert.equal(next.kid, 'zz-2021-09');
    assert.equal((await c.status(c.first.text)).status, 'revoked');
    assert.equal((await c.status(next.text)).status, 'valid');
  });

  it('is not re-keyed by a process whose active key is another published one, not retired: two pods of one rollout agree on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollout-'));
    const f = ingestFixture(undefined, dir);
    const oldKid = f.config.qr.activeKid;
    const { citizenId } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    writeQrKey(join(dir, 'qr-keys'), 'zz-2021-09');
    // Both pods publish both keys; one signs with the old, the other with the new (mid-rollout).
    const pods = [oldKid, 'zz-2021-09'].map((activeKid) => {
      const qr = new UnifiedQr(loadSandboxConfig({ SANDBOX_DIR: dir, QR_ACTIVE_KID: activeKid }).qr);
      return { qr, citizenQr: new CitizenQr(f.store, qr, () => new Date('2021-08-21T08:00:00+07:00')) };
    });
    const handedOut = [];
    for (const pod of [...pods, ...pods]) handedOut.push((await pod.citizenQr.current(citizenId!)).text);
    assert.equal(new Set(handedOut).size, 1);
    for (const pod of pods) assert.equal((await unifiedQrStatus(handedOut[0]!, pod.qr, f.store)).status, 'valid');
  });

  it('revokes once for one request retried under its Idempotency-Key, and again for the same key sent a day later (a new request)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'revoke-'));
    const f = ingestFixture(undefined, dir);
    const { citizenId } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    let now = new Date('2021-08-21T08:00:00+07:00');
    const citizenQr = new CitizenQr(f.store, new UnifiedQr(f.config.qr), () => now);
    await citizenQr.current(citizenId!);
    const key = 'so-y-te-ha-noi\nlost-phone';
    assert.equal((await citizenQr.revoke(citizenId!, key))?.version, 2);
    assert.equal((await citizenQr.revoke(citizenId!, key))?.version, 2);
    // Another operator's revocation in between: the retry still finds its own, and kills nothing handed out since.
    assert.equal((await citizenQr.revoke(citizenId!))?.version, 3);
    assert.equal((await citizenQr.revoke(citizenId!, key))?.version, 3);
    assert.equal((await citizenQr.revoke(citizenId!, 'so-y-te-ha-noi\nlost-phone-again'))?.version, 4);
    now = new Date(now.getTime() + 25 * 3600 * 1000);
    assert.equal((await citizenQr.revoke(citizenId!, key))?.version, 5);
  });

  it('publishes the retired key, and never signs with it', async () => {
    const c = await rotatedCitizen();
    assert.ok(c.qr.jwks.keys.some((k) => k.kid === c.oldKid));
    assert.equal(c.qr.issue(c.citizenId, 5, new Date()).claims.kid, 'zz-2021-09');
  });
});

describe("a citizen's first QR, handed out by a caller that has just read the citizen", () => {
  it('is issued without reading the citizen again when the caller read none, and the one another process stored first is kept', async () => {
    const f = ingestFixture(undefined, mkdtempSync(join(tmpdir(), 'first-qr-')));
    const { citizenId } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const stored = await f.citizenQr.current(citizenId!);
    let reads = 0;
    const getCitizen = f.store.getCitizen.bind(f.store);
    f.store.getCitizen = (id: string) => ((reads += 1), getCitizen(id));
    // As a route does when the citizen it read had no QR: this one has, so ensureQr keeps it.
    assert.deepEqual(await f.citizenQr.current(citizenId!, null), stored);
    assert.equal(reads, 0);
  });
});
