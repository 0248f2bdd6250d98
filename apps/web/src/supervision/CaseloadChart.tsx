import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis, ResponsiveContainer } from 'recharts';
import { useTranslate } from 'react-admin';
import { chartMax, type CaseloadRow } from './model';

const COLOURS = { within: '#1f4e8c', room: '#e6ebf2', roomEdge: '#4a5566', over: '#b3261e', text: '#1c2430', muted: '#4a5566' };
const ROW_HEIGHT = 46;

interface Segmented extends CaseloadRow {
  within: number;
  room: number;
  over: number;
}

/** Each bar is the load within the cap, then the room left (outlined) or the load above the cap: the cap is where the outline ends. */
const segments = (r: CaseloadRow): Segmented => ({
  ...r,
  within: r.cap === null ? r.load : Math.min(r.load, r.cap),
  room: r.cap !== null && r.load < r.cap ? r.cap - r.load : 0,
  over: r.cap !== null && r.load > r.cap ? r.load - r.cap : 0,
});

/**
 * Load against cap, one bar per person. Decorative for assistive technology (the table
 * below carries the same figures): hidden from it and kept out of the tab order.
 * Over-cap people are told by words beside their name, not only by the red segment.
 */
export const CaseloadChart = ({ rows }: { rows: CaseloadRow[] }) => {
  const translate = useTranslate();
  const data = rows.map(segments);
  const byId = new Map(data.map((r) => [r.id, r]));
  const figures = (r: CaseloadRow) =>
    r.cap === null
      ? translate('cw_supervision.caseloads.chart_no_cap', { load: r.load })
      : r.overCap
        ? translate('cw_supervision.caseloads.chart_over', { load: r.load, cap: r.cap, over: r.overBy ?? 0 })
        : translate('cw_supervision.caseloads.chart_within', { load: r.load, cap: r.cap });
  const Tick = ({ x, y, payload }: { x: number; y: number; payload: { value: string } }) => {
    const r = byId.get(payload.value);
    if (!r) return null;
    return (
      <g transform={`translate(${x},${y})`}>
        <text x={-8} y={-4} textAnchor="end" fill={COLOURS.text} fontSize={13} fontWeight={500}>
          {r.name}
          {r.availability !== 'available' ? ` (${translate(`cw_supervision.availability.${r.availability}`)})` : ''}
        </text>
        <text
          x={-8}
          y={13}
          textAnchor="end"
          fill={r.overCap ? COLOURS.over : COLOURS.muted}
          fontSize={12}
          fontWeight={r.overCap ? 700 : 400}
        >
          {r.overCap ? '⚠ ' : ''}
          {figures(r)}
        </text>
      </g>
    );
  };
  return (
    <div aria-hidden="true" data-testid="caseload-chart" style={{ width: '100%', height: data.length * ROW_HEIGHT + 80 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
          barCategoryGap={10}
          accessibilityLayer={false}
        >
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, chartMax(rows)]} allowDecimals={false} tick={{ fill: COLOURS.muted, fontSize: 12 }} />
          <YAxis type="category" dataKey="id" width={250} tick={Tick as never} interval={0} />
          <Tooltip
            cursor={{ fill: 'rgba(31, 78, 140, 0.06)' }}
            // Item text in the body colour, as in the legend (the series colours are not all readable as text).
            itemStyle={{ color: COLOURS.text }}
            labelStyle={{ color: COLOURS.text, fontWeight: 500 }}
            labelFormatter={(id) => byId.get(String(id))?.name ?? ''}
            formatter={(value, name) => [value as number, name as string]}
          />
          <Legend
            verticalAlign="top"
            height={32}
            // Legend text in the body colour: the pale "room" swatch colour would be unreadable as text.
            formatter={(value) => <span style={{ color: COLOURS.text }}>{value}</span>}
          />
          <Bar
            dataKey="within"
            stackId="load"
            name={translate('cw_supervision.caseloads.legend_within')}
            fill={COLOURS.within}
            isAnimationActive={false}
          />
          <Bar
            dataKey="over"
            stackId="load"
            name={translate('cw_supervision.caseloads.legend_over')}
            fill={COLOURS.over}
            isAnimationActive={false}
          />
          <Bar
            dataKey="room"
            stackId="load"
            name={translate('cw_supervision.caseloads.legend_room')}
            fill={COLOURS.room}
            stroke={COLOURS.roomEdge}
            strokeDasharray="4 2"
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
};
