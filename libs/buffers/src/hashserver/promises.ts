/**
 * Uploads announced ahead of time (`PUT /promise/<checksum>`, seamless-remote's
 * `BufferClient.promise()`): a client that will upload a buffer says so, `/has` reports the buffer
 * at once, and a GET waits for the bytes instead of answering 404. A promise lasts `ttlMs` (the
 * reference's ten minutes; a repeat renews it) and ends when the buffer is stored.
 */
export class UploadPromises {
  /** Insertion order is expiry order (a renewal moves the promise to the end), so expired ones are first. */
  private readonly promises = new Map<string, { expiresAt: number; waiters: Set<() => void> }>();

  constructor(
    readonly ttlMs: number,
    /** At most this many at once: memory stays bounded whatever a client promises. */
    readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records (or renews) a promise; false when `max` promises are already open. */
  add(checksum: string): boolean {
    this.sweep();
    const open = this.promises.get(checksum);
    if (!open && this.promises.size >= this.max) return false;
    this.promises.delete(checksum);
    this.promises.set(checksum, { expiresAt: this.now() + this.ttlMs, waiters: open?.waiters ?? new Set() });
    return true;
  }

  has(checksum: string): boolean {
    const open = this.promises.get(checksum);
    return open !== undefined && open.expiresAt > this.now();
  }

  /** The buffer is stored: the promise is kept, and whoever waits for it goes on. */
  resolve(checksum: string): void {
    const open = this.promises.get(checksum);
    if (!open) return;
    this.promises.delete(checksum);
    for (const wake of open.waiters) wake();
  }

  /**
   * Waits until the promised buffer is stored (true), or the promise expires or `maxWaitMs` passes
   * (false). Answers false at once when nothing is promised.
   */
  wait(checksum: string, maxWaitMs: number): Promise<boolean> {
    const open = this.promises.get(checksum);
    if (!open || open.expiresAt <= this.now()) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (stored: boolean) => {
        clearTimeout(timer);
        open.waiters.delete(wake);
        resolve(stored);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), Math.min(maxWaitMs, open.expiresAt - this.now()));
      open.waiters.add(wake);
    });
  }

  private sweep(): void {
    const now = this.now();
    for (const [checksum, open] of this.promises) {
      if (open.expiresAt > now) break;
      // A waiter's own timer ends its wait; the entry only goes.
      this.promises.delete(checksum);
    }
  }
}
