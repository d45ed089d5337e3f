/** The scenarios of `npm run bench`, by id, in the report's order (the echo is not one: it always runs). */
export const SCENARIO_IDS = ['scan', 'fan-out', 'scan-fresh', 'new-person', 'replay', 'batch', 'mapping'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** Scenario 1's scans a second planned for, unless --scan-rate says (see run-all.ts's SCAN_CITIZENS). */
const PLANNED_SCAN_RATE = 1400;

/** What `npm run bench -- [--quick] [--seconds N] [--tsx] [--only id,id] [--scan-rate N]` asks for. */
export interface RunOptions {
  quick: boolean;
  seconds: number;
  /** Run the TypeScript sources through tsx instead of the tsc build (to compare the two). */
  tsx: boolean;
  /** The scenarios to measure: every one unless --only names some. */
  only: ReadonlySet<ScenarioId>;
  /** Scenario 1's planned scans a second: its citizens are seeded for this rate over all its runs. */
  scanRate: number;
  /** How the run was asked for, for the report's header. */
  command: string;
}

/** Reads the bench's arguments; an unknown option or scenario id is refused, naming what there is. */
export function runOptions(args: readonly string[]): RunOptions {
  const valueOf = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    if (at < 0) return undefined;
    const value = args[at + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} takes a value`);
    return value;
  };
  const withValue = ['--seconds', '--only', '--scan-rate'];
  const known = new Set(['--quick', '--tsx', ...withValue]);
  const unknown = args.filter((arg, i) => arg.startsWith('--') && !known.has(arg) && !withValue.includes(args[i - 1] ?? ''));
  if (unknown.length > 0)
    throw new Error(`unknown option ${unknown.join(' ')} (there are --quick, --seconds N, --tsx, --only ids, --scan-rate N)`);
  const quick = args.includes('--quick');
  const secondsArg = valueOf('--seconds');
  const seconds = secondsArg === undefined ? (quick ? 3 : 8) : Number(secondsArg);
  if (!Number.isFinite(seconds) || seconds < 1) throw new Error('--seconds takes a number of seconds, at least 1');
  const scanRate = Number(valueOf('--scan-rate') ?? PLANNED_SCAN_RATE);
  if (!Number.isFinite(scanRate) || scanRate < 1) throw new Error('--scan-rate takes a number of scans a second, at least 1');
  const onlyArg = valueOf('--only');
  const named = onlyArg === undefined ? [...SCENARIO_IDS] : onlyArg.split(',').map((id) => id.trim());
  const wrong = named.filter((id) => !(SCENARIO_IDS as readonly string[]).includes(id));
  if (wrong.length > 0) throw new Error(`--only: no scenario ${wrong.join(', ')} (there are ${SCENARIO_IDS.join(', ')})`);
  return {
    quick,
    seconds,
    tsx: args.includes('--tsx'),
    only: new Set(named as ScenarioId[]),
    scanRate,
    command: `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
  };
}
