import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root (the folder holding package.json), found from this file whether it runs from
 * source (tsx) or from dist/ after `npm run build`: contracts/ and schemas/ are read from there.
 */
export const PROJECT_ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.build.json')) === false) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above gateway/');
    dir = parent;
  }
  return dir;
})();

export const projectPath = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);
