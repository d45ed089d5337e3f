/**
 * The partners' mapping check: `npm run -s map -- <instance> <file.json|file.ndjson|->`.
 *
 * One JSON record: prints its canonical declaration, or its reasons, and exits 1 when refused.
 * NDJSON (or a JSON array): prints one line per record, in order, then a summary line, and exits 1
 * when any record was refused. Nothing is sent anywhere: the mapping is the gateway's own, offline.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { createAdapterRegistry, type AdapterInstance, type RefusalReason } from '../../adapters';
import { ConfigError, loadInstances, mappingFutureSkewMs } from '../config';
import { formatIct } from '../normalize/dates';

const USAGE = 'usage: npm run -s map -- <instance> <file.json | file.ndjson | ->';

function main(argv: string[]): number {
  const [instanceName, file] = argv;
  const registry = createAdapterRegistry(loadInstances(), { futureSkewMs: mappingFutureSkewMs() });
  if (instanceName === undefined || file === undefined)
    return fail(
      `${USAGE}\ninstances: ${registry
        .list()
        .map((i) => i.name)
        .join(', ')}`,
    );
  const adapter = registry.get(instanceName);
  if (!adapter)
    return fail(
      `unknown instance "${instanceName}"; instances: ${registry
        .list()
        .map((i) => i.name)
        .join(', ')}`,
    );

  const text = readInput(file);
  if (text === undefined) return fail(`cannot read ${file}: no such file, or not a readable file`);
  const single = singleRecord(text, file);
  const receivedAt = formatIct(Date.now());
  if (single.ok) {
    const result = adapter.toCanonical(single.record, receivedAt);
    process.stdout.write(`${JSON.stringify(result.ok ? result.declaration : { reasons: result.reasons }, null, 2)}\n`);
    return result.ok ? 0 : 1;
  }
  return mapMany(adapter, single.records, receivedAt);
}

/** The file's text (`-`: standard input); undefined when it cannot be read, a usage error rather than a stack trace. */
function readInput(file: string): string | undefined {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    return undefined;
  }
}

type Input = { ok: true; record: unknown } | { ok: false; records: string[] };

/** One JSON document, or the lines of NDJSON (a JSON array counts as its elements). */
function singleRecord(text: string, file: string): Input {
  const ndjson = ['.ndjson', '.jsonl'].includes(extname(file));
  if (!ndjson) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? { ok: false, records: parsed.map((r) => JSON.stringify(r)) } : { ok: true, record: parsed };
    } catch {
      // not one document: read it as NDJSON below
    }
  }
  return { ok: false, records: text.split('\n').filter((line) => line.trim() !== '') };
}

function mapMany(adapter: AdapterInstance, lines: string[], receivedAt: string): number {
  let accepted = 0;
  lines.forEach((line, i) => {
    const outcome = mapLine(adapter, line, receivedAt);
    if (outcome.accepted) accepted += 1;
    process.stdout.write(`${JSON.stringify({ line: i + 1, ...outcome })}\n`);
  });
  const refused = lines.length - accepted;
  process.stdout.write(`${JSON.stringify({ summary: { records: lines.length, accepted, refused } })}\n`);
  return refused === 0 ? 0 : 1;
}

type LineOutcome = { accepted: true; declaration: unknown } | { accepted: false; reasons: RefusalReason[] };

function mapLine(adapter: AdapterInstance, line: string, receivedAt: string): LineOutcome {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { accepted: false, reasons: [{ pointer: '', code: 'bad-format', message: 'this line is not a JSON document' }] };
  }
  const result = adapter.toCanonical(record, receivedAt);
  return result.ok ? { accepted: true, declaration: result.declaration } : { accepted: false, reasons: result.reasons };
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

/** A refused configuration (a bad ADAPTER_INSTANCES_FILE) is a usage error naming the variable, not a stack trace. */
function run(argv: string[]): number {
  try {
    return main(argv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(error.message);
  }
}

process.exitCode = run(process.argv.slice(2));
