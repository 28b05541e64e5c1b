// Rates with their 95% intervals as bars with error bars (Apache ECharts: bars,
// and a custom series that draws each interval). The table beside the chart on
// the experiments page carries the same figures for everyone.
import { useEffect } from 'react';
import { BarChart as Bars, CustomChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from './use-echart';

use([Bars, CustomChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface RateBar {
  label: string;
  rate: number;
  low: number;
  high: number;
}

export function ErrorBarChart({ title, bars }: { title: string; bars: RateBar[] }) {
  const { element, chart } = useEChart();

  useEffect(() => {
    chart.current?.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: bars.map((bar) => bar.label) },
      yAxis: { type: 'value', min: 0, max: 1 },
      series: [
        { type: 'bar', data: bars.map((bar) => bar.rate), itemStyle: { color: '#1f5f99' } },
        {
          type: 'custom',
          data: bars.map((bar, index) => [index, bar.low, bar.high]),
          renderItem: (_params: unknown, api: { value(i: number): number; coord(p: [number, number]): [number, number] }) => {
            const [x, low] = api.coord([api.value(0), api.value(1)]);
            const [, high] = api.coord([api.value(0), api.value(2)]);
            const style = { stroke: '#222', lineWidth: 1.5 };
            return {
              type: 'group',
              children: [
                { type: 'line', shape: { x1: x, y1: low, x2: x, y2: high }, style },
                { type: 'line', shape: { x1: x - 6, y1: low, x2: x + 6, y2: low }, style },
                { type: 'line', shape: { x1: x - 6, y1: high, x2: x + 6, y2: high }, style },
              ],
            };
          },
          z: 10,
        },
      ],
    });
  });

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={element} className="chart-canvas" role="img" aria-label={title} />
    </figure>
  );
}
