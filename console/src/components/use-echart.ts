// One ECharts instance on a div for the life of a chart component, resized with
// the window and disposed when the component goes: BarChart and LineChart share it.
import { useEffect, useRef } from 'react';
import { init, type ECharts } from 'echarts/core';

export function useEChart() {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  useEffect(() => {
    if (!element.current) return;
    const instance = init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);
  return { element, chart };
}
