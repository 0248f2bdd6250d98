/* eslint-disable no-console -- a benchmark prints its results */
// EXPLAIN (ANALYZE, BUFFERS) of a captured statement, summarised: the plan tree (one line a node),
// every Sort with the rows it sorted, execution time and buffers.

/** Rows a Sort may take before the check calls it a "whole queue" sort: a page or a caseload is fine. */
export const SORT_LIMIT = 1000;

function walk(node, depth, out) {
  const rows = node['Actual Rows'] * (node['Actual Loops'] ?? 1);
  const what = [node['Node Type']];
  if (node['Index Name']) what.push(`using ${node['Index Name']}`);
  else if (node['Relation Name']) what.push(`on ${node['Relation Name']}`);
  if (node['Subplan Name']) what.push(`(${node['Subplan Name']})`);
  if (node['Sort Key']) what.push(`by ${node['Sort Key'].join(', ')}`);
  if (node['Sort Method']) what.push(`[${node['Sort Method']}]`);
  out.lines.push(`${'  '.repeat(depth)}${what.join(' ')}  rows=${rows}${node['Actual Loops'] > 1 ? ` loops=${node['Actual Loops']}` : ''}`);
  if (node['Node Type'] === 'Sort' || node['Node Type'] === 'Incremental Sort') {
    const input = (node.Plans ?? []).reduce((n, p) => n + p['Actual Rows'] * (p['Actual Loops'] ?? 1), 0);
    out.sorts.push({ type: node['Node Type'], input, key: node['Sort Key']?.join(', ') });
  }
  for (const child of node.Plans ?? []) walk(child, depth + 1, out);
}

export async function explain(client, sql, params) {
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
  const plan = rows[0]['QUERY PLAN'][0];
  const out = { lines: [], sorts: [] };
  walk(plan.Plan, 0, out);
  const top = plan.Plan;
  return {
    ms: plan['Execution Time'],
    planningMs: plan['Planning Time'],
    hit: top['Shared Hit Blocks'] ?? 0,
    read: top['Shared Read Blocks'] ?? 0,
    sorts: out.sorts,
    wholeSort: out.sorts.some((s) => s.input > SORT_LIMIT),
    tree: out.lines,
  };
}

export function printExplain(title, e) {
  const sorts = e.sorts.length ? e.sorts.map((s) => `${s.type} of ${s.input} rows (${s.key})`).join('; ') : 'none';
  console.log(
    `  ${title}: ${e.ms.toFixed(2)} ms, buffers hit=${e.hit} read=${e.read}, sorts: ${sorts}${e.wholeSort ? '  <-- SORTS MORE THAN A PAGE' : ''}`,
  );
  for (const l of e.tree) console.log(`      ${l}`);
}
