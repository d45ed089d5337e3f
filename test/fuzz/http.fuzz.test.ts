import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SandboxFixture } from '../support/sandbox-fixture';
import type { TestGateway, TestResponse } from '../support/test-gateway';
import {
  assertNoPersonalValue,
  assertProblem,
  assertPrototypesIntact,
  assertReasons,
  assertSaneDeclaration,
  budget,
  countWrites,
  excerpt,
  prototypeSnapshot,
  runs,
  type StoreWrite,
} from './support/checks';
import { accepted, canonicalInput, caseOf, golden, INSTANCES, nativeTree, nextSerial, refOf } from './support/golden-inputs';
import { batchLine, batchLineArb, bodyShapeArb, editQr, platformQr, qrEditArb, shaped, UNKNOWN_INSTANCES } from './support/http-inputs';
import { Obj, toText, type Tree } from './support/json-tree';
import { mutateAll, mutationsArb, oddValueArb, POISON } from './support/mutations';
import { personArb, type Person } from './support/vietnamese';

/**
 * The HTTP routes that take what partners and checkpoints send, against a real gateway that talks
 * to the simulated platforms over loopback: mutated native records (single and NDJSON batches),
 * mutated canonical declarations, and mutated QR texts of every kind. Every response is checked
 * against the OpenAPI document by TestGateway.call. None is a 5xx; every 4xx is problem+json with
 * pointers; a batch answers every non-blank line; a refused request writes nothing to the store.
 */
const SINGLE = '/v1/sources/{instance}/declarations';
const BATCH = '/v1/sources/{instance}/declarations:batch';
/** The batch route's body limit (express.raw's '32mb'). */
const MAX_BATCH_BYTES = 32 * 1024 * 1024;

/** A golden native record with a person planted in it, under a fresh id three times out of four (else a replay or a conflict). */
const nativeArb = fc.record({
  golden: fc.constantFrom(...golden.map(refOf)),
  person: personArb,
  freshId: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

describe('HTTP fuzzing (fast-check): declarations, batches and verify against a real gateway', function () {
  this.timeout(120_000);
  let sandbox: SandboxFixture;
  let gw: TestGateway;
  let writes: StoreWrite[];
  const qrTexts: string[] = [];

  before(async () => {
    sandbox = await SandboxFixture.start({ citizens: 12 });
    gw = sandbox.gw;
    for (const simulator of sandbox.platforms.simulators) {
      await sandbox.faults(simulator.instance.name, { latencyMs: 0, jitterMs: 0, errorRate: 0 });
      const record = simulator.records.all()[0] as Record<string, string> | undefined;
      if (record) qrTexts.push(platformQr(simulator.instance.platform, simulator.instance.city, record));
    }
    const citizens = sandbox.platforms.citizens.filter((c) => c.platforms.includes('tokhaiyte')).slice(0, 2);
    for (const citizen of citizens) qrTexts.push(await sandbox.unifiedQrOf(citizen));
    // A revoked unified code stays in the pool next to its successor.
    const revokedOwner = await gw.gateway.store.ownerOf(`vn-cccd:${(citizens[0] as { cccd: string }).cccd}`);
    qrTexts.push((await gw.call('POST', `/v1/citizens/${revokedOwner}/qr/revoke`)).body.qr);
    writes = countWrites(gw.gateway.store);
  });
  after(() => sandbox?.stop());

  /** Posts and checks what every answer must be; a 4xx must have written nothing. */
  async function post(path: string, route: string, raw: string | Buffer, where: string, person?: Person): Promise<TestResponse> {
    writes.length = 0;
    const before = prototypeSnapshot();
    const res = await gw.call('POST', path, { raw, headers: { 'content-type': 'application/json' }, route });
    assertPrototypesIntact(before, where);
    assert.ok(res.status < 500, `${where}: answered ${res.status}: ${excerpt(res.text, 500)}`);
    if (res.status >= 400) {
      assertProblem(res, where);
      assertNoPersonalValue([res.body.detail, ...res.body.errors.map((e: { message: string }) => e.message)], person, where);
      assert.deepEqual(writes, [], `${where}: a ${res.status} wrote to the store`);
    }
    // The count is seen to work: a new declaration is a write.
    if (res.status === 201) assert.ok(writes.includes('writeDeclaration'), `${where}: a 201 without a write the spy saw`);
    return res;
  }

  it('answers every mutated native record with 2xx or a problem+json 4xx, never a 5xx, and stores nothing for a refusal', async function () {
    this.timeout(budget(1, 400));
    const targetArb = fc.oneof(
      { weight: 8, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...INSTANCES.keys(), ...UNKNOWN_INSTANCES) },
    );
    await fc.assert(
      fc.asyncProperty(
        nativeArb,
        mutationsArb(4),
        bodyShapeArb,
        targetArb,
        async ({ golden: ref, person, freshId }, mutations, body, target) => {
          const c = caseOf(ref);
          const text = toText(mutateAll(nativeTree(c, person, freshId), mutations, person));
          const instance = target ?? c.instance;
          const where = `POST ${instance} ${excerpt(text)}`;
          const res = await post(`/v1/sources/${encodeURIComponent(instance)}/declarations`, SINGLE, shaped(text, body), where, person);
          if (res.status < 300) assertSaneDeclaration(res.body.declaration, where);
        },
      ),
      runs(1),
    );
  });

  it('answers every mutated canonical declaration with 2xx or a problem+json 4xx, never a 5xx, and stores nothing for a refusal', async function () {
    this.timeout(budget(1, 400));
    const canonicalArb = fc.record({ golden: fc.constantFrom(...accepted.map(refOf)), person: personArb });
    await fc.assert(
      fc.asyncProperty(canonicalArb, mutationsArb(4), bodyShapeArb, async ({ golden: ref, person }, mutations, body) => {
        const text = toText(mutateAll(canonicalInput(caseOf(ref), person, nextSerial()), mutations, person));
        const where = `POST /v1/declarations ${excerpt(text)}`;
        const res = await post('/v1/declarations', '/v1/declarations', shaped(text, body), where, person);
        if (res.status < 300) assertSaneDeclaration(res.body.declaration, where, { mapped: false });
      }),
      runs(1),
    );
  });

  it('answers every NDJSON batch with 200, one result per non-blank line in order and a summary that adds up', async function () {
    this.timeout(budget(0.4, 3_000));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...INSTANCES.keys()),
        fc.array(batchLineArb, { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (instance, lines, eol, trailing) => {
          const texts = lines.map((line) => batchLine(line, instance));
          const body = texts.join(eol) + (trailing ? eol : '');
          const where = `batch ${instance} ${excerpt(body)}`;
          writes.length = 0;
          const before = prototypeSnapshot();
          const res = await gw.call('POST', `/v1/sources/${instance}/declarations:batch`, {
            raw: body,
            headers: { 'content-type': 'application/x-ndjson' },
            route: BATCH,
          });
          assertPrototypesIntact(before, where);
          if (Buffer.byteLength(body) > MAX_BATCH_BYTES) {
            assert.equal(res.status, 413, `${where}: a body over 32 MiB answered ${res.status}`);
            assertProblem(res, where);
            return assert.deepEqual(writes, [], `${where}: a batch over 32 MiB wrote to the store`);
          }
          assert.equal(res.status, 200, `${where}: answered ${res.status}: ${excerpt(res.text, 500)}`);
          const expected = body
            .split('\n')
            .map((text, i) => ({ text, line: i + 1 }))
            .filter(({ text }) => text.trim() !== '')
            .map(({ line }) => line);
          const out = res.text
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l));
          assert.equal(out.length, expected.length + 1, `${where}: ${out.length - 1} results for ${expected.length} non-blank lines`);
          const results = out.slice(0, -1);
          const summary = out.at(-1).summary as Record<string, number>;
          assert.deepEqual(
            results.map((r) => r.line),
            expected,
            `${where}: results not one per non-blank line in order`,
          );
          const persons = lines.map((l) => l.person).filter((p): p is Person => p !== undefined);
          for (const r of results) {
            assert.notEqual(r.status, 'failed', `${where}: line ${r.line} failed: ${JSON.stringify(r.reasons)}`);
            if (r.status !== 'created' && r.status !== 'replayed') {
              assertReasons(r.reasons, `${where} line ${r.line}`);
              for (const person of persons)
                assertNoPersonalValue(
                  r.reasons.map((x: { message: string }) => x.message),
                  person,
                  `${where} line ${r.line}`,
                );
            }
          }
          assert.equal(summary.records, expected.length, `${where}: summary.records`);
          for (const [status, count] of Object.entries(summary)) {
            if (status !== 'records') assert.equal(count, results.filter((r) => r.status === status).length, `${where}: summary.${status}`);
          }
          assert.equal(results.filter((r) => !(r.status in summary)).length, 0, `${where}: a result status the summary does not count`);
          if (summary.created === 0) assert.deepEqual(writes, [], `${where}: a batch that created nothing wrote to the store`);
          else assert.ok(writes.includes('writeDeclaration'), `${where}: created lines without a write the spy saw`);
        },
      ),
      runs(0.4),
    );
  });

  it('answers every scan of a mutated QR text with 200, or a problem+json 4xx for a body it cannot read, never a 5xx', async function () {
    this.timeout(budget(1, 400));
    const qrArb: fc.Arbitrary<Tree> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .record({ base: fc.nat(), edits: fc.array(qrEditArb, { maxLength: 3 }) })
          .map(({ base, edits }) => edits.reduce(editQr, qrTexts[base % qrTexts.length] as string)),
      },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
      { weight: 1, arbitrary: oddValueArb },
    );
    const checkpointArb: fc.Arbitrary<Tree | undefined> = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(undefined, 'CHOT-79-015') },
      { weight: 1, arbitrary: fc.constantFrom('a'.repeat(65), '', 'chốt 1', '../x') },
      { weight: 1, arbitrary: oddValueArb },
    );
    const extraArb = fc.constantFrom(undefined, '__proto__', 'constructor', 'prototype');
    await fc.assert(
      fc.asyncProperty(qrArb, checkpointArb, extraArb, bodyShapeArb, async (qr, checkpointId, extra, body) => {
        const entries: [string, Tree][] = [['qr', qr]];
        if (checkpointId !== undefined) entries.push(['checkpointId', checkpointId]);
        if (extra !== undefined) entries.push([extra, POISON]);
        const text = toText(new Obj(entries));
        const where = `verify ${excerpt(text)}`;
        const res = await post('/v1/verify', '/v1/verify', shaped(text, body), where);
        if (res.status < 300) assert.equal(res.status, 200, `${where}: a scan answers 200`);
      }),
      runs(1),
    );
  });
});
