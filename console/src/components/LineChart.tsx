// A line of values by day with Apache ECharts (lines, grid, tooltip, canvas),
// as BarChart does for counts; the page shows the same numbers in a table.
import { useEffect } from 'react';
import { LineChart as Lines } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from './use-echart';

use([Lines, GridComponent, TooltipComponent, CanvasRenderer]);

/** `points`: [label, value] in order; `percent` shows values 0..1 as percentages. */
export function LineChart({ title, name, points, percent = false }: { title: string; name: string; points: [string, number | null][]; percent?: boolean }) {
  const { element, chart } = useEChart();

  useEffect(() => {
    chart.current?.setOption({
      animation: false,
      grid: { left: 56, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map(([label]) => label) },
      yAxis: { type: 'value', ...(percent && { axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` } }) },
      series: [{ type: 'line', name, data: points.map(([, value]) => value), itemStyle: { color: '#1f5f99' } }],
    });
  });

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={element} className="chart-canvas" role="img" aria-label={title} />
    </figure>
  );
}
