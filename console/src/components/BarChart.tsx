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
import { count, share } from '../format';

use([Bars, GridComponent, TooltipComponent, CanvasRenderer]);

/** `label` names the values (a count by default); `percent` shows 0–1 shares as percentages. */
export function BarChart({ title, counts, label, percent = false }: { title: string; counts: Record<string, number>; label?: string; percent?: boolean }) {
  const { t, language } = useI18n();
  const { element, chart } = useEChart();
  const entries = Object.entries(counts);
  const valueLabel = label ?? t('overview.count');

  useEffect(() => {
    chart.current?.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: entries.map(([key]) => key) },
      yAxis: percent ? { type: 'value', max: 1, axisLabel: { formatter: (value: number) => share(value, language) } } : { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: valueLabel, data: entries.map(([, value]) => value), itemStyle: { color: '#1f5f99' } }],
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
            <th scope="col">{valueLabel}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td className="number">{percent ? share(value, language) : count(value, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
