/**
 * Whether this process can take writes, as `/readyz` answers it: a write probe that must succeed
 * within a short budget (the kubelet's probe gives up after a second), its answer kept briefly so
 * that a flood of probes (every pod's kubelet, a load balancer, an operator's loop) costs Redis one
 * probe per half second, and never longer: readiness trails the store by at most that.
 */
export interface ReadinessOptions {
  /** The probe fails when it has not succeeded by then (default 500 ms). */
  budgetMs?: number;
  /** How long an answer is reused, counted from when its probe started (default 500 ms). */
  cacheMs?: number;
  /** Told when readiness turns (with why, when it is lost): an operator's log line per change, not per probe. */
  onChange?: (ready: boolean, reason?: string) => void;
  now?: () => number;
}

export class WriteReadiness {
  private last?: { startedAt: number; ready: boolean };
  private drainStarted = false;
  private readonly holds = new Set<() => string>();
  private running?: Promise<boolean>;
  private readonly budgetMs: number;
  private readonly cacheMs: number;
  private readonly onChange: (ready: boolean, reason?: string) => void;
  private readonly now: () => number;

  /** @param probe a write on every primary (RedisConnection.probeWrites), or the store's ping without Redis */
  constructor(
    private readonly probe: () => Promise<void>,
    { budgetMs = 500, cacheMs = 500, onChange = () => {}, now = () => performance.now() }: ReadinessOptions = {},
  ) {
    this.budgetMs = budgetMs;
    this.cacheMs = cacheMs;
    this.onChange = onChange;
    this.now = now;
  }

  /**
   * From now on not ready, whatever the store says: the process is stopping (SIGTERM), and the load
   * balancer must send its next requests elsewhere. Requests keep being served meanwhile.
   */
  drain(): void {
    this.drainStarted = true;
  }

  /** Whether drain() was called: `/readyz` says why it is not ready. */
  get draining(): boolean {
    return this.drainStarted;
  }

  /**
   * Not ready until the returned release is called, whatever the store says: something read once at
   * start is still missing (the identity provider's keys: without them every token is a 503). `why`
   * is asked when /readyz answers, so it can say what the last attempt met.
   */
  holdUntil(why: () => string): () => void {
    this.holds.add(why);
    return () => void this.holds.delete(why);
  }

  /** What start-up still waits for, if anything: `/readyz` says it. */
  get waitingFor(): string | undefined {
    for (const why of this.holds) return why();
    return undefined;
  }

  /** True when a write succeeded on every primary within the budget, at most cacheMs ago, nothing is held, and the process is not draining. */
  ready(): Promise<boolean> {
    if (this.draining || this.holds.size > 0) return Promise.resolve(false);
    if (this.last && this.now() - this.last.startedAt < this.cacheMs) return Promise.resolve(this.last.ready);
    // Probes asked for at once share one write.
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<boolean> {
    const startedAt = this.now();
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.budgetMs)));
    let reason: string | undefined;
    const wrote = this.probe().then(
      () => true,
      (error: unknown) => {
        reason = error instanceof Error ? error.message : String(error);
        return false;
      },
    );
    const ready = await Promise.race([wrote, outOfTime]);
    clearTimeout(timer);
    if (ready !== (this.last?.ready ?? true)) this.onChange(ready, ready ? undefined : (reason ?? `no write within ${this.budgetMs} ms`));
    this.last = { startedAt, ready };
    return ready;
  }
}
