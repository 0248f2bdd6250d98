import { ClaimBatcher } from './claim-batcher.js';

/** An executor whose calls finish only when the test says so, recording each group it was given. */
function controlled() {
  const calls: { key: string; inputs: number[]; finish: (outs: string[]) => void; fail: (e: Error) => void }[] = [];
  const execute = (key: string, inputs: number[]) =>
    new Promise<string[]>((resolve, reject) => calls.push({ key, inputs, finish: resolve, fail: reject }));
  return { calls, execute };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('ClaimBatcher', () => {
  it('runs a lone claim at once, without waiting for company', async () => {
    const { calls, execute } = controlled();
    const b = new ClaimBatcher(execute);
    const p = b.run('office-a/routine', 1);
    expect(calls.map((c) => c.inputs)).toEqual([[1]]);
    calls[0]!.finish(['item-1']);
    await expect(p).resolves.toBe('item-1');
  });

  it('groups the claims that arrive while one runs, in arrival order, and answers each its own', async () => {
    const { calls, execute } = controlled();
    const b = new ClaimBatcher(execute);
    const first = b.run('k', 1);
    const rest = [2, 3, 4].map((n) => b.run('k', n));
    expect(calls).toHaveLength(1);
    calls[0]!.finish(['a']);
    await first;
    await tick();
    expect(calls.map((c) => c.inputs)).toEqual([[1], [2, 3, 4]]);
    calls[1]!.finish(['b', 'c', 'd']);
    await expect(Promise.all(rest)).resolves.toEqual(['b', 'c', 'd']);
  });

  it('keeps queues apart: a claim on another key does not wait', () => {
    const { calls, execute } = controlled();
    const b = new ClaimBatcher(execute);
    void b.run('office-a/routine', 1);
    void b.run('office-b/routine', 2);
    void b.run('office-a/targeted', 3);
    expect(calls.map((c) => [c.key, c.inputs])).toEqual([
      ['office-a/routine', [1]],
      ['office-b/routine', [2]],
      ['office-a/targeted', [3]],
    ]);
  });

  it('sends at most maxBatch claims in one group and runs the rest next', async () => {
    const { calls, execute } = controlled();
    const b = new ClaimBatcher(execute, 2);
    const all = [1, 2, 3, 4, 5, 6].map((n) => b.run('k', n));
    calls[0]!.finish(['1']);
    await tick();
    calls[1]!.finish(['2', '3']);
    await tick();
    calls[2]!.finish(['4', '5']);
    await tick();
    calls[3]!.finish(['6']);
    await expect(Promise.all(all)).resolves.toEqual(['1', '2', '3', '4', '5', '6']);
    expect(calls.map((c) => c.inputs)).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('fails every claim of a failed group, and the next group still runs', async () => {
    const { calls, execute } = controlled();
    const b = new ClaimBatcher(execute);
    const first = b.run('k', 1);
    const group = [b.run('k', 2), b.run('k', 3)];
    const settled = Promise.allSettled(group);
    calls[0]!.finish(['a']);
    await first;
    await tick();
    calls[1]!.fail(new Error('connection lost'));
    expect((await settled).map((s) => s.status)).toEqual(['rejected', 'rejected']);
    const later = b.run('k', 4);
    expect(calls).toHaveLength(3);
    calls[2]!.finish(['d']);
    await expect(later).resolves.toBe('d');
  });

  it('refuses a group answered with the wrong number of results rather than giving anyone another’s item', async () => {
    const b = new ClaimBatcher(async (_k, inputs: number[]) => inputs.slice(1).map(String));
    await expect(b.run('k', 1)).rejects.toThrow('a claim group of 1 got 0 answers');
  });
});
