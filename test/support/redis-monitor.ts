import { createClient } from 'redis';
import { waitFor } from './wait-for';

/** A command Redis ran, as MONITOR showed it. */
export interface MonitoredCommand {
  /** The command's name, lowercase (`evalsha`, `wait`). */
  name: string;
  /** Run by a Lua script (MONITOR's `lua` client), not sent by a client. */
  fromScript: boolean;
  /** MONITOR's line as it came. */
  line: string;
}

const clientOf = (url: string) => createClient({ url });
type Client = ReturnType<typeof clientOf>;

/**
 * The commands one Redis node runs, listed by MONITOR, read step by step: a marker sent on a
 * connection of its own and read back bounds each step's commands (MONITOR's lines come
 * asynchronously, after the answers). The markers, ECHO and PING are left out.
 */
export class MonitoredCommands {
  private readonly seen: string[] = [];
  private marks = 0;

  private constructor(
    private readonly monitor: Client,
    private readonly marker: Client,
  ) {}

  static async start(url: string): Promise<MonitoredCommands> {
    const [monitor, marker] = [clientOf(url), clientOf(url)];
    await Promise.all([monitor.connect(), marker.connect()]);
    const listed = new MonitoredCommands(monitor, marker);
    await monitor.monitor((line) => listed.seen.push(line));
    return listed;
  }

  /** The commands run since the last call (or the start), in order. */
  async commandsSoFar(): Promise<MonitoredCommand[]> {
    const mark = `monitored-commands-mark-${(this.marks += 1)}`;
    await this.marker.echo(mark);
    await waitFor(() => this.seen.some((line) => line.includes(mark)), 5000, 'MONITOR to show the marker');
    const lines = this.seen.splice(0, this.seen.findIndex((line) => line.includes(mark)) + 1);
    return lines
      .filter((line) => !line.includes('monitored-commands-mark-') && !/"(ECHO|PING)"/i.test(line))
      .map((line) => {
        const [, source = '', name = ''] = /^\S+ \[\d+ ([^\]]+)\] "([^"]*)"/.exec(line) ?? [];
        return { name: name.toLowerCase(), fromScript: source === 'lua', line };
      });
  }

  async stop(): Promise<void> {
    this.monitor.destroy();
    this.marker.destroy();
  }
}
