import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  resolveJsonModule: true,
};

/** Every project file a module reaches through its imports (type-only ones included), as paths from the root. */
function importGraph(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [join(ROOT, entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.ts')) continue;
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, OPTIONS, ts.sys).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport) pending.push(resolved.resolvedFileName);
    }
  }
  return [...seen].map((f) => relative(ROOT, f)).sort();
}

/** The sandbox's code: its folder, the simulators and their registry. */
const isSandbox = (file: string) =>
  file.startsWith('gateway/sandbox/') || /(^|\/)(simulators\.ts|[\w-]+-simulator\.ts|simulator-[\w-]+\.ts)$/.test(file);

describe('the sandbox stays out of production', () => {
  it('the production entry (gateway/main.ts) reaches no sandbox module and no simulator through its imports', () => {
    const graph = importGraph('gateway/main.ts');
    assert.ok(graph.includes('adapters/index.ts') && graph.includes('gateway/bootstrap.ts'), 'the graph is walked');
    assert.deepEqual(graph.filter(isSandbox), []);
  });

  it('the sandbox entry reaches them, and starts the same gateway (createGateway)', () => {
    const graph = importGraph('gateway/sandbox/sandbox-main.ts');
    assert.ok(graph.includes('adapters/simulators.ts') && graph.includes('gateway/bootstrap.ts'));
  });

  it('the production build (tsconfig.build.json) leaves the sandbox and the simulators out of dist/', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.build.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)) },
    );
    const files = (parsed?.fileNames ?? []).map((f) => relative(ROOT, f));
    assert.ok(files.includes('gateway/main.ts'));
    assert.deepEqual(files.filter(isSandbox), []);
  });
});
