/**
 * `npm run lint:contract` (part of `npm run lint`, so of `npm test`): `redocly lint` with the
 * project's redocly.yaml, its exit status kept, so any problem fails the lint. Redocly CLI prints a
 * boxed Node-20 deprecation notice on every run; it says nothing about the contract, so it is
 * dropped, and everything else is shown. No update notice, no telemetry (redocly.yaml), no network.
 */
import { spawnSync } from 'node:child_process';
import { projectPath } from '../../gateway/project-paths';

const run = spawnSync(process.execPath, [projectPath('node_modules', '@redocly', 'cli', 'bin', 'cli.js'), 'lint', '--format=stylish'], {
  cwd: projectPath(),
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', REDOCLY_TELEMETRY: 'off' },
});
if (run.error) throw run.error;
const output = `${run.stdout}${run.stderr}`;
const notice = /^\s*╔[\s\S]*?╚═*╝\s*$/m;
const shown = output
  .replace(notice, '')
  .split('\n')
  .filter((line) => line.trim() !== '');
process.stdout.write(`${shown.join('\n')}\n`);
process.exit(run.status ?? 1);
