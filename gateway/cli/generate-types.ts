/**
 * `npm run gen:types`: writes what is generated from the registry and the canonical schema, in
 * one direction. First the platform and identifier enums of the schemas and the API contract
 * (registry-enums.ts), from the registry (adapters/index.ts); then gateway/domain/canonical-declaration.ts
 * from the canonical schema just written; gateway/domain/venue.ts from schemas/venue.v1.schema.json; gateway/domain/checkin.ts from
 * schemas/checkin.v1.schema.json; gateway/domain/tracing.ts from schemas/tracing.v1.schema.json; gateway/domain/exposure-notice.ts
 * from schemas/exposure-notice.v1.schema.json.
 * Drift tests fail when a committed file is stale.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { renderCanonicalType } from '../domain/render-canonical-type';
import { renderVenueType, VENUE_TYPE_FILE } from '../domain/render-venue-type';
import { CHECKIN_TYPE_FILE, renderCheckinType } from '../domain/render-checkin-type';
import { renderTracingType, TRACING_TYPE_FILE } from '../domain/render-tracing-type';
import { NOTICE_TYPE_FILE, renderNoticeType } from '../domain/render-notice-type';
import { projectPath } from '../project-paths';
import { enumFiles, readProjectFile, withRegistryEnums } from './registry-enums';

const CANONICAL_SCHEMA = 'schemas/canonical-declaration.v1.schema.json';
const CANONICAL_TYPE = 'gateway/domain/canonical-declaration.ts';

/** Writes a file only when its text changes, and says which. */
function write(file: string, text: string): void {
  // A new generated file is written the first time; afterwards only when it changes.
  if (existsSync(projectPath(file)) && readProjectFile(file) === text) return;
  writeFileSync(projectPath(file), text);
  process.stdout.write(`wrote ${file}\n`);
}

async function generate(): Promise<void> {
  for (const file of enumFiles()) write(file, withRegistryEnums(file, readProjectFile(file)));
  write(CANONICAL_TYPE, await renderCanonicalType(JSON.parse(readProjectFile(CANONICAL_SCHEMA)) as object));
  write(VENUE_TYPE_FILE, await renderVenueType());
  write(CHECKIN_TYPE_FILE, await renderCheckinType());
  write(TRACING_TYPE_FILE, await renderTracingType());
  write(NOTICE_TYPE_FILE, await renderNoticeType());
}

generate().catch((error: unknown) => {
  process.stderr.write(`gen:types failed: ${(error as Error).message}\n`);
  process.exit(1);
});
