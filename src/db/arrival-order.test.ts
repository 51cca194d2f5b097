import { describe, expect, it } from 'vitest';
import { inArrivalOrder, OldestFirst, outsideRequests } from './arrival-order.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('OldestFirst', () => {
  it('runs the statements of the request that arrived first before a later one’s, whatever order they were asked in', async () => {
    const order = new OldestFirst();
    const ran: string[] = [];
    const step = (name: string) => order.run(async () => void ran.push(name));
    // Two requests, each running three statements one after the other.
    const request = (name: string) =>
      inArrivalOrder(async () => {
        for (let i = 1; i <= 3; i++) await step(`${name}${i}`);
      });
    const first = request('a');
    const second = request('b');
    await Promise.all([first, second]);
    expect(ran).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
  });

  it('takes one piece of work’s statements in the order they were asked for', async () => {
    const order = new OldestFirst();
    const ran: number[] = [];
    await inArrivalOrder(() => Promise.all([1, 2, 3, 4].map((n) => order.run(async () => void ran.push(n)))));
    expect(ran).toEqual([1, 2, 3, 4]);
  });

  it('runs one task at a time and returns to the event loop between them', async () => {
    const order = new OldestFirst();
    let running = 0;
    let most = 0;
    let ticks = 0;
    let counting = true;
    const count = async () => {
      while (counting) {
        ticks++;
        await tick();
      }
    };
    const counter = count();
    const task = async () => {
      running++;
      most = Math.max(most, running);
      await Promise.resolve();
      running--;
    };
    await Promise.all(Array.from({ length: 5 }, () => order.run(task)));
    counting = false;
    await counter;
    expect(most).toBe(1);
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('passes a task’s result and its failure to the caller, and goes on after a failure', async () => {
    const order = new OldestFirst();
    const failed = order.run(async () => {
      throw new Error('bad statement');
    });
    const answered = order.run(async () => 42);
    await expect(failed).rejects.toThrow('bad statement');
    await expect(answered).resolves.toBe(42);
  });

  it('lets work started by a request but run outside it take each statement’s place as it comes', async () => {
    const order = new OldestFirst();
    const ran: string[] = [];
    const step = (name: string) => order.run(async () => void ran.push(name));
    let job: Promise<void> | undefined;
    const first = inArrivalOrder(async () => {
      // A background job started by the first request: it does not keep that request's place.
      job = outsideRequests(async () => {
        for (let i = 1; i <= 3; i++) await step(`job${i}`);
      });
      await step('a1');
    });
    const second = inArrivalOrder(async () => {
      for (let i = 1; i <= 3; i++) await step(`b${i}`);
    });
    await Promise.all([first, second, job]);
    // Within a request the job would run job1..job3 before any of b's; outside, b's statements interleave.
    expect(ran.indexOf('b2')).toBeLessThan(ran.indexOf('job3'));
  });
});
