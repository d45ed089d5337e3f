import { LOAD_CORE, SERVER_CORE } from './cores';
import { cpuMsPerRequest, median, rateOf, type Measured, type Run } from './measure';

/** What issue 12 asks of a scenario: a share of the echo's requests/s (and a p99 bound), or a rate of its own. */
export type Target = { kind: 'echo-ratio'; atLeast: number; p99AtMost?: number } | { kind: 'per-second'; atLeast: number };

/** One line of the report: a scenario's figures, beside the echo's and its target. */
export interface Row {
  id: string;
  title: string;
  unit: 'req' | 'records';
  /** The autocannon scenarios' figures in full; the mapping scenario gives its rate alone. */
  figures: Measured | { perSecond: number };
  /** Requests/s and p99 against the echo's; absent for scenarios measured without HTTP. */
  ratio?: number;
  p99Ratio?: number;
  /**
   * The echo's server CPU per request over this scenario's: the ratio the two would reach with a
   * core each to themselves. Steadier than `ratio` on a machine whose other work takes a share of
   * the server's core (the "busy" column shows it), but blind to waiting (Redis, platforms).
   */
  cpuRatio?: number;
  target?: Target;
  met?: boolean;
  /** What the run saw beyond the figures (outcomes of scans, statuses of ingests). */
  notes: string[];
}

/** A scenario's row: its ratios to the echo, and whether its target is met (a figure, never a failure). */
export function rowOf(
  id: string,
  title: string,
  unit: Row['unit'],
  figures: Row['figures'],
  echo: Measured | undefined,
  target: Target | undefined,
  notes: string[] = [],
): Row {
  const http = 'p99Ms' in figures ? figures : undefined;
  const compared = echo && http && target?.kind !== 'per-second';
  const beside = compared ? besideRatios(http) : undefined;
  const ratio = beside?.ratio ?? (compared ? figures.perSecond / echo.perSecond : undefined);
  const p99Ratio = beside?.p99Ratio ?? (compared ? http.p99Ms / echo.p99Ms : undefined);
  const cpuRatio = beside?.cpuRatio ?? (compared ? echo.serverCpuMsPerUnit / http.serverCpuMsPerUnit : undefined);
  let met: boolean | undefined;
  if (target?.kind === 'per-second') met = figures.perSecond >= target.atLeast;
  if (target?.kind === 'echo-ratio' && ratio !== undefined)
    met = ratio >= target.atLeast && (target.p99AtMost === undefined || (p99Ratio as number) <= target.p99AtMost);
  return { id, title, unit, figures, ratio, p99Ratio, cpuRatio, target, met, notes };
}

/**
 * A scenario's ratios to the echo run either side of each of its runs (the mean of the two), the
 * median over its runs: what the machine's drift over the minutes of a bench moves both sides of
 * alike. A run that answered nothing, or beside an echo run that did, has no ratio and is left out
 * (its statuses and errors are in the row's notes); absent without echo runs beside the scenario's
 * (Measured.echoBeside), or when no run has a ratio.
 */
function besideRatios(figures: Measured): { ratio: number; p99Ratio: number; cpuRatio: number } | undefined {
  const echoes = figures.echoBeside;
  if (echoes === undefined || echoes.length !== figures.runs.length + 1) return undefined;
  const around = (i: number, of: (run: Run) => number) => (of(echoes[i] as Run) + of(echoes[i + 1] as Run)) / 2;
  const measured = figures.runs
    .map((run, i) => ({ run, i }))
    .filter(({ run, i }) => rateOf(run) > 0 && rateOf(echoes[i] as Run) > 0 && rateOf(echoes[i + 1] as Run) > 0);
  if (measured.length === 0) return undefined;
  const each = (of: (run: Run, i: number) => number) => median(measured.map(({ run, i }) => of(run, i)));
  return {
    ratio: each((run, i) => rateOf(run) / around(i, rateOf)),
    p99Ratio: each((run, i) => run.p99Ms / around(i, (e) => e.p99Ms)),
    cpuRatio: each((run, i) => around(i, cpuMsPerRequest) / cpuMsPerRequest(run)),
  };
}

function describeTarget(target: Target | undefined): string {
  if (!target) return '';
  if (target.kind === 'per-second') return `≥ ${target.atLeast.toLocaleString('en-US')}/s`;
  return `≥ ${target.atLeast.toFixed(2)}×${target.p99AtMost === undefined ? '' : `, p99 ≤ ${target.p99AtMost}×`}`;
}

const percent = (share: number | undefined) => `${Math.round((share ?? 0) * 100)}%`;
const fixed = (value: number | undefined, digits: number) => (value === undefined ? '-' : value.toFixed(digits));

/** The report as a Markdown table (it reads as well in a terminal as in the README). */
export function formatTable(rows: readonly Row[]): string {
  const header = [
    'scenario',
    'per s',
    'p50 ms',
    'p99 ms',
    '× echo',
    'p99 × echo',
    'CPU × echo',
    'target',
    'met',
    'Redis cmds/unit',
    'server CPU ms/unit',
    `busy: server, core ${SERVER_CORE}, core ${LOAD_CORE}`,
  ];
  const lines = rows.map((r) => {
    const http: Partial<Measured> = 'p99Ms' in r.figures ? r.figures : {};
    return [
      r.title,
      `${Math.round(r.figures.perSecond).toLocaleString('en-US')} ${r.unit}`,
      fixed(http.p50Ms, 1),
      fixed(http.p99Ms, 1),
      fixed(r.ratio, 3),
      fixed(r.p99Ratio, 2),
      fixed(r.cpuRatio, 3),
      describeTarget(r.target),
      r.met === undefined ? '' : r.met ? 'yes' : 'no',
      fixed(http.redisCommandsPerUnit, 2),
      fixed(http.serverCpuMsPerUnit, 3),
      http.serverCoreBusy === undefined ? '-' : [http.serverCoreBusy, http.serverCoreAllBusy, http.loadCoreAllBusy].map(percent).join(', '),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}

/** The whole report: how and where it was measured, the table, and each scenario's notes and Redis commands by name. */
export function formatReport(
  header: { command: string; date: string; machine: string; method: string; placement: string; code?: string },
  rows: readonly Row[],
): string {
  const notes = rows.flatMap((r) => {
    const byName = 'redisCommandsByName' in r.figures ? r.figures.redisCommandsByName : undefined;
    const redis = byName
      ? [
          `Redis commands per unit: ${Object.entries(byName)
            .sort((a, b) => b[1] - a[1])
            .map(([name, n]) => `${name} ${n}`)
            .join(', ')}`,
        ]
      : [];
    const all = [...r.notes, ...redis];
    return all.length === 0 ? [] : [`- ${r.title}: ${all.join('; ')}`];
  });
  return [
    `${header.command}: ${header.date}, ${header.machine}`,
    `${header.method}; ${header.placement}`,
    ...(header.code ? [header.code] : []),
    '',
    formatTable(rows),
    '',
    'Targets are issue 12\'s, "met" judged on × echo (requests/s); a figure, never a failure. A unit is a request, or a record for batches and mapping.',
    "CPU × echo: the echo's server CPU per request over the scenario's (what × echo would be with a core each to themselves).",
    ...notes,
    '',
  ].join('\n');
}
