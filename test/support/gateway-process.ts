import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { GOLDEN_ERA } from './golden-era';

const ROOT = join(__dirname, '..', '..');
/** Two gateways starting at once on two busy cores can take several seconds each (tsx compiles as it loads). */
const START_MS = 30_000;

/** `npm start`'s entry (the sandbox: its own secrets, simulators unless configured otherwise), and the production entry. */
const SANDBOX_ENTRY = 'gateway/sandbox/sandbox-main.ts';
const PRODUCTION_ENTRY = 'gateway/main.ts';

/**
 * A real gateway process (`node --import tsx gateway/sandbox/sandbox-main.ts`) on an ephemeral
 * port, as `npm start` runs it; the port is read from its "gateway listening" log line.
 */
export class GatewayProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly output: () => string,
    /** The operators' listener's port, when OPS_PORT was given. */
    readonly opsPort?: number,
  ) {}

  static start(env: NodeJS.ProcessEnv): Promise<GatewayProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', SANDBOX_ENTRY], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...GOLDEN_ERA, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    return new Promise((resolve, reject) => {
      // A gateway that never says it listens is ended here: left running, it would hold mocha open after the last test.
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`gateway did not start within ${START_MS / 1000} s:\n${output}`));
      }, START_MS);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"port":(\d+)[^\n]*"gateway listening"/.exec(output);
        if (match) {
          clearTimeout(timer);
          const opsPort = /"opsPort":(\d+)/.exec(match[0])?.[1];
          resolve(new GatewayProcess(child, Number(match[1]), () => output, opsPort === undefined ? undefined : Number(opsPort)));
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`gateway exited with ${code}:\n${output}`));
      });
    });
  }

  /** Several gateways started at once; when one does not start, those that did are stopped before the failure is thrown. */
  static async startAll(...envs: NodeJS.ProcessEnv[]): Promise<GatewayProcess[]> {
    const started = await Promise.allSettled(envs.map((env) => GatewayProcess.start(env)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    const gateways = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (!failed) return gateways;
    await Promise.all(gateways.map((g) => g.stop()));
    throw failed.reason;
  }

  /** Runs an entry (the production one unless told) to its end and gives its exit code and output (for refusals to start). */
  static run(env: NodeJS.ProcessEnv, entry: 'production' | 'sandbox' = 'production'): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', entry === 'production' ? PRODUCTION_ENTRY : SANDBOX_ENTRY], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: '0', ...env },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    // 'close', not 'exit': the output is whole only once the pipes have closed (the last lines, written
    // as the process exits, may still be in them when it has).
    return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The operators' listener (OPS_PORT); a gateway started without one has none. */
  get opsUrl(): string {
    if (this.opsPort === undefined) throw new Error('this gateway was started without OPS_PORT');
    return `http://127.0.0.1:${this.opsPort}`;
  }

  /** The process's id (bench/batch-cpu.ts reads its CPU time). */
  get pid(): number {
    return this.child.pid as number;
  }

  /** Sends SIGTERM, as a rollout does, without waiting: the promise gives the exit code once the process has ended. */
  terminate(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(this.child.exitCode);
    // 'close' (the pipes too), so that the output read afterwards holds the drain's last lines.
    const exited = new Promise<number | null>((resolve) => this.child.once('close', (code) => resolve(code)));
    this.child.kill('SIGTERM');
    return exited;
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}
