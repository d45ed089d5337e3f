import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalDeclaration } from '../../gateway/domain/canonical-declaration';
import type { RefusalReason } from '../../adapters';

/**
 * The golden pairs in contracts/platforms/<instance>/{accepted,refused}/*.json: a native record, the
 * time it was received, and the canonical declaration (accepted) or the reasons (refused) the
 * mapping must give. A new case is a new file.
 */
export interface GoldenCase {
  instance: string;
  file: string;
  path: string;
  description: string;
  receivedAt: string;
  native: unknown;
  canonical?: CanonicalDeclaration;
  reasons?: RefusalReason[];
}

const PLATFORMS_DIR = join(__dirname, '..', '..', 'contracts', 'platforms');

export function loadGoldenCases(outcome: 'accepted' | 'refused'): GoldenCase[] {
  const cases: GoldenCase[] = [];
  for (const instance of readdirSync(PLATFORMS_DIR).sort()) {
    const dir = join(PLATFORMS_DIR, instance, outcome);
    let files: string[];
    try {
      files = readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const path = join(dir, file);
      cases.push({ instance, file, path, ...JSON.parse(readFileSync(path, 'utf8')) });
    }
  }
  return cases;
}
