/* eslint-disable no-console -- a benchmark prints its results */
// Load generators: autocannon against the API, and a loop of the same SQL on a pg pool with the
// same concurrency. Both record every successful request's latency, so p50 and p95 are exact.
import autocannon from 'autocannon';

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarise(latencies, seconds, extra = {}) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: sorted.length,
    seconds,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    ...extra,
  };
}

/**
 * Runs autocannon for `duration` seconds. `clientRequests(i)` gives connection i its requests
 * (autocannon request objects, headers included), so each connection can act as another user.
 */
export async function apiLoad({ url, connections, duration, clientRequests }) {
  const latencies = [];
  const statuses = {};
  let n = 0;
  const instance = autocannon({
    url,
    connections,
    duration,
    // Every request's own latency, not just the ones the histogram keeps.
    requests: clientRequests(0),
    setupClient: (client) => client.setRequests(clientRequests(n++ % connections)),
  });
  const started = process.hrtime.bigint();
  let ended = started;
  instance.on('response', (_client, status, _bytes, ms) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) latencies.push(ms);
    ended = process.hrtime.bigint();
  });
  const result = await instance;
  const seconds = Number(ended - started) / 1e9;
  return summarise(latencies, seconds, { statuses, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx });
}

/** `concurrency` workers each running `once(worker)` back to back for `duration` seconds. */
export async function sqlLoad({ concurrency, duration, once }) {
  const latencies = [];
  const deadline = process.hrtime.bigint() + BigInt(Math.round(duration * 1e9));
  const started = process.hrtime.bigint();
  let failures = 0;
  let firstError;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (process.hrtime.bigint() < deadline) {
        const t0 = process.hrtime.bigint();
        try {
          const ok = await once(worker);
          if (ok !== false) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (e) {
          failures++;
          firstError ??= e;
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (firstError) console.warn(`  SQL loop: ${failures} failures, first: ${firstError.message}`);
  return summarise(latencies, seconds, { failures });
}
