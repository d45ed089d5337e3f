import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapterRegistry } from '../../adapters';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { CitizenQr } from '../../gateway/identity/citizen-qr';
import { IngestService } from '../../gateway/ingest/ingest-service';
import { Retention } from '../../gateway/domain/retention';
import { UnifiedQr } from '../../gateway/qr/unified-qr';
import type { GatewayStore } from '../../gateway/store/gateway-store';
import { GOLDEN_ERA } from './golden-era';
import { MemoryStore } from '../../gateway/store/memory-store';

/** The ingestion service over a store of the test's choice (memory by default), with fresh keys. */
export function ingestFixture(store: GatewayStore = new MemoryStore(), sandboxDir = mkdtempSync(join(tmpdir(), 'ingest-'))) {
  const config = loadSandboxConfig({ SANDBOX_DIR: sandboxDir, ...GOLDEN_ERA });
  const unifiedQr = new UnifiedQr(config.qr);
  const clock = () => new Date('2021-08-20T01:00:00Z');
  const citizenQr = new CitizenQr(store, unifiedQr, clock);
  const retention = new Retention(config.retentionDays);
  const ingest = new IngestService({ registry: createAdapterRegistry(), store, citizenQr, clock, retention });
  /**
   * Ingests a native record that must be accepted; gives the citizen it joined (undefined when
   * unlinked), the declaration, and what its sender is told: `shown`, the answer's citizen (null
   * unless the record names them undisputed) with its QR.
   */
  const accept = async (instance: string, native: unknown) => {
    const outcome = await ingest.ingestNative(instance, native);
    if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
    const { declaration, citizen: shown, rule } = outcome;
    return { citizenId: declaration.subject.citizenId, declaration, shown, qr: shown?.qr, rule };
  };
  return { store, ingest, accept, unifiedQr, citizenQr, config };
}
