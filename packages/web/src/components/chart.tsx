// ECharts, with only the chart types and components the screens use (the bundle stays small).
// The chart follows its box's size and is disposed with the component.
import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, SankeyChart, ScatterChart } from 'echarts/charts';
import type {
  BarSeriesOption,
  LineSeriesOption,
  PieSeriesOption,
  SankeySeriesOption,
  ScatterSeriesOption,
} from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption, ECElementEvent } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../i18n/i18n.tsx';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  SankeyChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | SankeySeriesOption
  | ScatterSeriesOption
  | DataZoomComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

export type ChartClick = ECElementEvent;

/** Colours of the lists, shared by badges and charts. */
export const LIST_COLORS = {
  black: '#1f1f1f',
  grey: '#8c8c8c',
  white: '#52c41a',
  unrated: '#d4b106',
} as const;

export const PALETTE = [
  '#1d4ed8',
  '#dc2626',
  '#059669',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#be185d',
  '#4d7c0f',
];

const FONTS = {
  zh: '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif',
  // Latin first in English (CJK fonts draw Latin punctuation full-width); names still render.
  en: 'system-ui, "Segoe UI", "Noto Sans", "DejaVu Sans", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
} as const;

interface ChartProps {
  readonly option: ChartOption;
  readonly height?: number;
  readonly onClick?: (event: ChartClick) => void;
  /** Accessible description of what the chart shows. */
  readonly label: string;
  readonly testId?: string;
}

export function Chart({ option, height = 300, onClick, label, testId }: ChartProps) {
  const { lang } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  // ECharts formats axis dates and its own labels in its locale: a new instance per language.
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const instance = echarts.init(el, undefined, { renderer: 'canvas', locale: lang === 'zh' ? 'ZH' : 'EN' });
    instance.on('click', (e) => clickRef.current?.(e as ECElementEvent));
    const ro = new ResizeObserver(() => instance.resize());
    ro.observe(el);
    setChart(instance);
    return () => {
      ro.disconnect();
      instance.dispose();
      setChart(null);
    };
  }, [lang]);

  useEffect(() => {
    chart?.setOption(
      { color: PALETTE, textStyle: { fontFamily: FONTS[lang] }, animationDuration: 300, ...option },
      { notMerge: true },
    );
  }, [chart, option, lang]);

  return (
    <div
      ref={box}
      className="chart"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-ready={chart ? 'true' : undefined}
    />
  );
}
