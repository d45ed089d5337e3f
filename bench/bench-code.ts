import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
/** tsconfig.bench.json's outDir, which git ignores. */
const BUILD_DIR = join(ROOT, 'bench', '.build');

/** What the bench's processes run, and how node is told to run one of the project's files. */
export interface BenchCode {
  /** Said in the report's header. */
  description: string;
  /** node's arguments that run `entry`, a source file named from the project's root (`bench/echo-server.ts`). */
  nodeArgs(entry: string): string[];
}

/** The sources through tsx, as `npm start` runs them (`--tsx`): tsx's loader and source maps on every frame. */
export const TSX_CODE: BenchCode = {
  description: 'the TypeScript sources through tsx (node --import tsx)',
  nodeArgs: (entry) => ['--import', 'tsx', entry],
};

/**
 * The code production runs: built by tsc as the image builds the gateway (no source maps, no loader),
 * into bench/.build (tsconfig.bench.json: the sandbox entry and the simulators too, which production's
 * build leaves out), run by plain node. Incremental: a second run rebuilds only what changed. A build
 * that fails fails the bench, as it would fail the image's.
 */
export function builtBenchCode(): BenchCode {
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.bench.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.bench.json failed:\n${tsc.stdout}${tsc.stderr}`);
  return {
    description: `the tsc build (tsc -p tsconfig.bench.json into ${relative(ROOT, BUILD_DIR)}, run by plain node, as production runs dist/)`,
    nodeArgs: (entry) => {
      const built = join(BUILD_DIR, entry.replace(/\.ts$/, '.js'));
      if (!existsSync(built)) throw new Error(`${entry} is not in the bench's build: add it to tsconfig.bench.json's files`);
      return [built];
    },
  };
}
