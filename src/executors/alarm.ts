// A wait that ends when its time is up or when someone rings it, whichever comes first.

export class Alarm {
  private ring_: (() => void) | null = null;

  /** Resolves after `ms` (Infinity: only when rung), or at once when ring() is called meanwhile. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.ring_ = null;
        resolve();
      };
      const timer = ms === Infinity ? undefined : setTimeout(done, Math.max(0, ms));
      this.ring_ = done;
    });
  }

  /** Ends the wait in progress, if any. */
  ring(): void {
    this.ring_?.();
  }
}
