// A bar chart of counts by group with Apache ECharts, only the parts it needs
// (bars, grid, tooltip, canvas) so the bundle stays small. The numbers are also
// in a table beside it: the chart is for the eye, the table for everyone.
import { useEffect } from 'react';
import { BarChart as Bars } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from './use-echart';
import { useI18n } from '../i18n';
import { count } from '../format';

use([Bars, GridComponent, TooltipComponent, CanvasRenderer]);

export function BarChart({ title, counts }: { title: string; counts: Record<string, number> }) {
  const { t, language } = useI18n();
  const { element, chart } = useEChart();
  const entries = Object.entries(counts);

  useEffect(() => {
    chart.current?.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: entries.map(([key]) => key) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('overview.count'), data: entries.map(([, value]) => value), itemStyle: { color: '#1f5f99' } }],
    });
  });

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={element} className="chart-canvas" role="img" aria-label={title} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('overview.key')}</th>
            <th scope="col">{t('overview.count')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td className="number">{count(value, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
