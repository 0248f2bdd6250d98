/**
 * Groups the claim-next requests that arrive while a claim for the same office queue is already
 * running into one statement, the way PostgreSQL groups commits: the first request runs at once;
 * those that come while it runs wait for it and then go together, up to `maxBatch`.
 *
 * Twenty people claiming from one busy queue otherwise send twenty statements that all start at
 * the head of the same index, skip each other's locked rows and each wait for their own commit.
 * One statement for the group walks the head once, takes as many items as there are claimers, in
 * order of urgency, and commits once (bench/worklists, docs/performance.md).
 *
 * Nothing waits on a timer, so a lone claim is never delayed. One group per key runs at a time in
 * this process; other processes' claims are kept apart by the statement's SKIP LOCKED as before.
 */
export class ClaimBatcher<In, Out> {
  private readonly keys = new Map<string, { running: boolean; waiting: Waiter<In, Out>[] }>();

  constructor(
    private readonly execute: (key: string, inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch = 32,
  ) {}

  run(key: string, input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      let state = this.keys.get(key);
      if (!state) this.keys.set(key, (state = { running: false, waiting: [] }));
      state.waiting.push({ input, resolve, reject });
      if (!state.running) void this.drain(key, state);
    });
  }

  private async drain(key: string, state: { running: boolean; waiting: Waiter<In, Out>[] }) {
    state.running = true;
    while (state.waiting.length) {
      const group = state.waiting.splice(0, this.maxBatch);
      try {
        const outs = await this.execute(
          key,
          group.map((w) => w.input),
        );
        if (outs.length !== group.length) throw new Error(`a claim group of ${group.length} got ${outs.length} answers`);
        group.forEach((w, i) => w.resolve(outs[i]!));
      } catch (e) {
        for (const w of group) w.reject(e);
      }
    }
    state.running = false;
    this.keys.delete(key);
  }
}

interface Waiter<In, Out> {
  input: In;
  resolve: (out: Out) => void;
  reject: (e: unknown) => void;
}
