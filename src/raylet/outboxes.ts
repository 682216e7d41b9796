/**
 * Per-destination message queues flushed once per turn: every message queued for one worker
 * during a turn of the event loop goes out as one batch (one postMessage, one wake-up).
 */
export class Outboxes<K, M> {
  private readonly boxes = new Map<K, M[]>();
  private scheduled = false;

  constructor(private readonly post: (key: K, batch: M[]) => void) {}

  queue(key: K, msg: M): void {
    let box = this.boxes.get(key);
    if (!box) this.boxes.set(key, (box = []));
    box.push(msg);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Posts everything queued now (also runs at the end of the turn). */
  flush(): void {
    this.scheduled = false;
    if (this.boxes.size === 0) return;
    const boxes = [...this.boxes];
    this.boxes.clear();
    for (const [key, box] of boxes) if (box.length > 0) this.post(key, box);
  }
}
