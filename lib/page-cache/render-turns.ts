/**
 * At most `max` requests inside Next at once; the others wait for a turn, in arrival order.
 *
 * Node renders on one thread, so on SQLite (whose queries are synchronous) a request gains nothing
 * from entering Next while others are mid-render: it only adds its working memory to theirs and
 * slows every one of them. Thirty-two connections asking for an article rendered per reader (signed
 * in without JavaScript) raised the server from 145 MB to 243 MB resident at 51 pages/s; with 4 turns,
 * to 204 MB at 58 pages/s (100,000 articles, wrk, 8 s). PostgreSQL renders wait on the network, so
 * there the turns are the pool's size.
 *
 * A turn is held until the response closes (finished or dropped). A request whose client has gone
 * while it waited is skipped without taking one.
 */
export class RenderTurns {
  private active = 0;
  private readonly queue: (() => boolean)[] = [];

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`RenderTurns needs a positive whole number, not ${max}`);
  }

  /** Requests inside now, and waiting. */
  get inside(): number {
    return this.active;
  }
  get waiting(): number {
    return this.queue.length;
  }

  /** Calls `start` now, or once a turn is free; the turn is given back when `res` closes. */
  enter(res: { once(event: "close", listener: () => void): unknown }, start: () => void): void {
    let state: "waiting" | "inside" | "gone" = "waiting";
    res.once("close", () => {
      if (state === "inside") {
        this.active--;
        this.next();
      }
      state = "gone";
    });
    const go = () => {
      if (state === "gone") return false;
      state = "inside";
      this.active++;
      start();
      return true;
    };
    if (this.active < this.max && this.queue.length === 0) go();
    else this.queue.push(go);
  }

  private next() {
    while (this.active < this.max) {
      const go = this.queue.shift();
      if (!go) return;
      go();
    }
  }
}
