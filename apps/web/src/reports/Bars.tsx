import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Series colours with at least 3:1 contrast on white (WCAG non-text contrast). */
export const COLOURS = {
  blue: '#1f4e8c',
  red: '#b3261e',
  green: '#2e6b30',
  purple: '#6a3d9a',
  amber: '#8a5a00',
  grey: '#5f6b7a',
  text: '#1c2430',
  muted: '#4a5566',
} as const;

export interface Series {
  key: string;
  label: string;
  colour: string;
  /** Series with the same stack id are drawn on top of each other. */
  stack?: string;
}

/**
 * A bar chart of report figures. Drawn for sighted users only: the caller wraps it in
 * aria-hidden and gives the same figures as a table, so it stays out of the tab order too.
 * `horizontal` puts the categories (offices, reasons) down the side, for long names.
 */
export function Bars({
  data,
  category,
  series,
  horizontal = false,
  format = (v: number) => String(v),
  categoryWidth = 160,
}: {
  data: object[];
  /** The field of each datum that names its bar (office, month). */
  category: string;
  series: Series[];
  horizontal?: boolean;
  format?: (value: number) => string;
  categoryWidth?: number;
}) {
  const height = horizontal ? Math.max(140, data.length * (series.some((s) => !s.stack) ? 22 * series.length + 16 : 36) + 70) : 260;
  const valueAxis = { type: 'number' as const, allowDecimals: false, tickFormatter: format, tick: { fill: COLOURS.muted, fontSize: 12 } };
  const categoryAxis = { type: 'category' as const, dataKey: category, interval: 0, tick: { fill: COLOURS.text, fontSize: 12 } };
  return (
    <div style={{ width: '100%', height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout={horizontal ? 'vertical' : 'horizontal'}
          margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={!horizontal} vertical={horizontal} />
          {horizontal ? (
            <>
              <XAxis {...valueAxis} />
              <YAxis {...categoryAxis} width={categoryWidth} />
            </>
          ) : (
            <>
              <XAxis {...categoryAxis} />
              <YAxis {...valueAxis} width={56} />
            </>
          )}
          <Tooltip
            cursor={{ fill: 'rgba(31, 78, 140, 0.06)' }}
            itemStyle={{ color: COLOURS.text }}
            labelStyle={{ color: COLOURS.text, fontWeight: 500 }}
            formatter={(value, name) => [format(Number(value)), name as string]}
          />
          <Legend
            verticalAlign="top"
            height={32}
            // In the order the series are given (within target, then late), not alphabetically.
            itemSorter={null}
            formatter={(value) => <span style={{ color: COLOURS.text }}>{value}</span>}
          />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.colour} stackId={s.stack} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
