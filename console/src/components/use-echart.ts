// One ECharts instance on an element for as long as the component lives, resized with the window.
import { useEffect, useRef, type RefObject } from 'react';
import { init, type ECharts } from 'echarts/core';

/** The element to draw in, and the chart on it once mounted. */
export function useEChart(): { element: RefObject<HTMLDivElement | null>; chart: RefObject<ECharts | null> } {
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
