/**
 * A pump over a durable job queue in the store: takes due jobs (several instances may share the queue; a job is
 * leased, so a crashed worker's job is taken again), runs a few at once, and sleeps until the next is due — or
 * until woken, when this process queued something. Source capture and webhook deliveries both run on one.
 */
import type { Logger } from 'pino';

/** What a pump takes its jobs from and does with them. */
export interface QueueSource<J> {
  /** Take the oldest due job, or null when none is due. */
  claim(now: number): Promise<J | null>;
  /** Do the job (errors are the job's business: a throw is logged). */
  run(job: J): Promise<void>;
  /** When the next job falls due (ms since the epoch), or null when none is queued. */
  nextDue(): Promise<number | null>;
}

/** The longest sleep: jobs queued by another instance are found within it. */
const IDLE_MS = 30_000;

/** Runs a queue's jobs until stopped. */
export class QueuePump<J> {
  private running = 0;
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private pumping: Promise<void> | null = null;
  private readonly active = new Set<Promise<void>>();

  /**
   * @param name what the log calls the queue
   * @param concurrency jobs run at once
   * @param idleMs the longest sleep (another instance's jobs are seen within it)
   */
  constructor(
    private readonly source: QueueSource<J>,
    private readonly log: Logger,
    private readonly name: string,
    private readonly concurrency = 2,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Start taking jobs (those left by a previous run included). */
  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Stop taking jobs and wait for the running ones. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pumping;
    await Promise.allSettled([...this.active]);
  }

  /** Look for due jobs now. */
  wake(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pumping ??= this.pump().finally(() => {
      this.pumping = null;
    });
  }

  private async pump(): Promise<void> {
    try {
      while (!this.stopped && this.running < this.concurrency) {
        const job = await this.source.claim(Date.now());
        if (!job) break;
        this.running++;
        const run = this.source
          .run(job)
          .catch((error: unknown) => this.log.error({ err: error, job }, `${this.name} job failed`))
          .finally(() => {
            this.running--;
            this.active.delete(run);
            this.wake();
          });
        this.active.add(run);
      }
      const due = await this.source.nextDue();
      if (this.stopped) return;
      const wait = due === null ? this.idleMs : Math.min(this.idleMs, Math.max(50, due - Date.now()));
      this.timer = setTimeout(() => this.wake(), wait);
      this.timer.unref();
    } catch (error) {
      this.log.error({ err: error }, `${this.name} queue unavailable`);
      this.timer = setTimeout(() => this.wake(), 5_000);
      this.timer.unref();
    }
  }
}
