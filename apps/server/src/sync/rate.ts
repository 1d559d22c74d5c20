/** Pacing of incoming messages: token buckets, and how long a connection may queue before it is cut off. */

/** Seconds' worth of messages a connection (or a user) may have waiting before it is closed as a flood. */
export const QUEUE_SECONDS = 30;

/** A token bucket: `rate` per second sustained, bursts up to `burstSeconds` seconds' worth. */
export class Bucket {
  private tokens: number;
  private last = Date.now();
  /** Messages waiting for a token. */
  waiting = 0;

  constructor(
    readonly rate: number,
    private readonly burstSeconds = 5,
  ) {
    this.tokens = rate * burstSeconds;
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.rate * this.burstSeconds, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  /** Take one token, waiting until there is one: a fast sender is slowed down, not cut off. */
  async take(): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.rate) * 1000)));
      this.refill();
    }
    this.tokens -= 1;
  }

  /** True when more messages wait than {@link QUEUE_SECONDS} of this rate: a flood, not a fast sender. */
  flooded(): boolean {
    return this.waiting > this.rate * QUEUE_SECONDS;
  }
}
