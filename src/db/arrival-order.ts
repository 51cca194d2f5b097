import { AsyncLocalStorage } from 'node:async_hooks';

// The embedded database runs one statement at a time on the server's own thread. When statements are
// taken first come, first served, a page that needs six of them queues six times behind everyone who
// arrived since it started, and under load the slowest pages wait several times longer than the
// median. Taking the statement of the oldest piece of work first lets each page finish in the order
// the pages were asked for, so the tail stays close to the median.

const arrivals = new AsyncLocalStorage<number>();
let lastTicket = 0;

/** Runs `fn` as one piece of work (a web request): its statements keep the place it arrived in. */
export function inArrivalOrder<T>(fn: () => T): T {
  return arrivals.run(++lastTicket, fn);
}

/**
 * Runs `fn` as work of its own, outside the request that started it (a background job): each of its
 * statements then takes its place when it is asked, rather than keeping the request's early place and
 * going ahead of every page asked for while the job runs.
 */
export function outsideRequests<T>(fn: () => T): T {
  return arrivals.exit(fn);
}

/** The place of the current piece of work, or a new place for a statement outside any. */
function currentTicket(): number {
  return arrivals.getStore() ?? ++lastTicket;
}

interface Waiting {
  ticket: number;
  start: () => Promise<void>;
}

/** Runs tasks one at a time, the oldest piece of work first, returning to the event loop between them. */
export class OldestFirst {
  readonly #waiting: Waiting[] = [];
  #running = false;

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({
        ticket: currentTicket(),
        start: () => task().then(resolve, reject),
      });
      if (!this.#running) {
        this.#running = true;
        setImmediate(() => void this.#next());
      }
    });
  }

  async #next(): Promise<void> {
    const oldest = this.#takeOldest();
    if (!oldest) {
      this.#running = false;
      return;
    }
    await oldest.start();
    // Back to the event loop before the next task, so that new requests are read (and take their place).
    setImmediate(() => void this.#next());
  }

  #takeOldest(): Waiting | undefined {
    if (this.#waiting.length === 0) return undefined;
    let at = 0;
    for (let i = 1; i < this.#waiting.length; i++)
      if (this.#waiting[i]!.ticket < this.#waiting[at]!.ticket) at = i;
    return this.#waiting.splice(at, 1)[0];
  }
}
