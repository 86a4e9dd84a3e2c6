'use client';

import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { CalendarComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { CHART_COLORS, pageChartTheme, type ChartColors, type ChartTheme } from './chart-colors';

echarts.use([CalendarComponent, LineChart, HeatmapChart, ScatterChart, BarChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent, MarkLineComponent, SVGRenderer]);

/** The chart colours of the page's theme (light until mounted, as on the server). */
export function useChartColors(): ChartColors {
  const [theme, setTheme] = useState<ChartTheme>('light');
  useEffect(() => setTheme(pageChartTheme()), []);
  return CHART_COLORS[theme];
}

/**
 * An Apache ECharts chart (SVG renderer: crisp at any zoom, and light on memory) in the theme's colour-blind-safe
 * palette. A legend is one scrollable line, so on a phone it never wraps onto the plot or its ticks.
 */
export function Chart({ option, height = 320, label }: { option: EChartsCoreOption; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const colors = useChartColors();

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, pageChartTheme() === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const legend = option.legend as Record<string, unknown> | undefined;
    chart.current?.setOption(
      {
        backgroundColor: 'transparent',
        animation: false,
        color: colors.series,
        textStyle: { color: colors.text },
        ...option,
        ...(legend ? { legend: { type: 'scroll', textStyle: { color: colors.text }, pageTextStyle: { color: colors.text }, ...legend } } : {}),
      },
      true,
    );
  }, [option, colors]);

  return <div ref={ref} role="img" aria-label={label} className="chart" style={{ height }} />;
}
