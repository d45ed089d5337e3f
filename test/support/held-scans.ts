import assert from 'node:assert/strict';
import { goldenNative } from './mapping';
import type { TestGateway } from './test-gateway';

/** Two people the gateway knows, Nguyễn Văn An and Trần Thị Bình: their unified QRs and citizen ids. */
export async function twoKnownPeople(gw: TestGateway): Promise<{ qrs: string[]; citizens: string[] }> {
  const qrs: string[] = [];
  const citizens: string[] = [];
  for (const native of [goldenNative('tokhaiyte', '01'), goldenNative('tokhaiyte', '03')]) {
    const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', native);
    assert.ok(ingested.ok && ingested.citizen, JSON.stringify(ingested));
    qrs.push(ingested.citizen.qr);
    citizens.push(ingested.citizen.citizenId);
  }
  return { qrs, citizens };
}

/**
 * Holds every scan of one citizen at its store read until `release`: those scans stay in flight,
 * holding their places. `waiting()` counts the reads held; `restore` puts the store back.
 */
export function holdScansOf(gw: TestGateway, citizenId: string): { waiting: () => number; release: () => void; restore: () => void } {
  const store = gw.gateway.store;
  const citizenForScan = store.citizenForScan.bind(store);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let waiting = 0;
  store.citizenForScan = async (id, wanted, version) => {
    if (id === citizenId) {
      waiting += 1;
      await held;
    }
    return citizenForScan(id, wanted, version);
  };
  return {
    waiting: () => waiting,
    release,
    restore: () => {
      release();
      store.citizenForScan = citizenForScan;
    },
  };
}
