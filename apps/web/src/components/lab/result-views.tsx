'use client';

import type { TLabResult, TLabResultFor } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { Chart, useChartColors } from '../chart';
import { ARCH_LABEL, bytes, logTick, pct, sig } from './format';

const positions = (n: number) => Array.from({ length: n }, (_, i) => i);
const logAxis = (name: string) => ({ type: 'log', name, nameLocation: 'middle', nameGap: 50, axisLabel: { formatter: logTick } });
const tooltip = { trigger: 'axis', valueFormatter: (v: number) => sig(v) };

/** Charts and tables of a finished run; `compact` shows the main chart only (card backs). */
export function ResultView({ result, compact = false }: { result: TLabResult; compact?: boolean }) {
  switch (result.experiment) {
    case 'gradient-flow':
      return <GradientFlow result={result} compact={compact} />;
    case 'attention-cost':
      return <AttentionCost result={result} compact={compact} />;
    case 'positional-encoding':
      return <PositionalEncoding result={result} compact={compact} />;
    case 'layernorm-depth':
      return <LayerNormDepth result={result} compact={compact} />;
    case 'attention-weights':
      return <AttentionWeights result={result} compact={compact} />;
    case 'lstm-gates':
      return <LstmGates result={result} compact={compact} />;
  }
}

function GradientFlow({ result, compact }: { result: TLabResultFor<'gradient-flow'>; compact: boolean }) {
  const t = useTranslations();
  const colors = useChartColors();
  const T = result.params.seqLen;
  const grads = useMemo(
    () => ({
      tooltip,
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 50 },
      xAxis: { type: 'value', name: t('result.positionT'), nameLocation: 'middle', nameGap: 28, min: 0, max: T - 1 },
      yAxis: logAxis(t('result.gradientAxis')),
      series: [
        ...result.architectures.map((a) => {
          const last = a.atEnd.inputGradNorm[T - 1] || 1;
          return { type: 'line', name: ARCH_LABEL[a.architecture], color: colors.architecture[a.architecture], showSymbol: false, data: a.atEnd.inputGradNorm.map((g, t) => [t, Math.max(g / last, 1e-45)]) };
        }),
        { type: 'line', name: t('result.referenceSeries', { gamma: String(result.reference.gamma) }), color: colors.reference, showSymbol: false, lineStyle: { type: 'dashed' }, data: result.reference.curve.map((g, t) => [t, Math.max(g, 1e-45)]) },
      ],
    }),
    [result, T, t, colors],
  );
  const losses = useMemo(
    () => ({
      tooltip,
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 50 },
      xAxis: { type: 'value', name: t('result.trainingStep'), nameLocation: 'middle', nameGap: 28, min: 1 },
      yAxis: { type: 'value', name: t('result.loss'), nameLocation: 'middle', nameGap: 40 },
      series: result.architectures.map((a) => ({ type: 'line', name: ARCH_LABEL[a.architecture], color: colors.architecture[a.architecture], showSymbol: false, data: a.lossCurve.map((l, i) => [i + 1, l]) })),
    }),
    [result, t, colors],
  );
  return (
    <div className="result">
      <Chart option={grads} label={t('result.gradientLabel', { steps: result.params.steps })} />
      {!compact && (
        <>
          <Chart option={losses} height={240} label={t('result.lossLabel')} />
          <table className="table">
            <thead>
              <tr>
                <th>{t('result.model')}</th>
                <th>{t('result.parameters')}</th>
                <th>{t('result.ratioAtInit')}</th>
                <th>{t('result.ratioAtStep', { steps: result.params.steps })}</th>
                <th>{t('result.accuracy')}</th>
                <th>{t('result.trained')}</th>
              </tr>
            </thead>
            <tbody>
              {result.architectures.map((a) => (
                <tr key={a.architecture}>
                  <td>{ARCH_LABEL[a.architecture]}</td>
                  <td>{a.parameterCount}</td>
                  <td>{sig(a.atInit.firstToLastRatio)}</td>
                  <td>{sig(a.atEnd.firstToLastRatio)}</td>
                  <td>{pct(a.finalAccuracy)}</td>
                  <td>{t('result.steps', { steps: a.lossCurve.length })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function AttentionCost({ result, compact }: { result: TLabResultFor<'attention-cost'>; compact: boolean }) {
  const t = useTranslations();
  const memory = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => bytes(v) },
      legend: { top: 0 },
      grid: { left: 80, right: 20, top: 40, bottom: 50 },
      xAxis: { ...logAxis(t('result.sequenceLength')), nameGap: 28, axisLabel: {} },
      yAxis: { ...logAxis(t('result.peakBytes')), axisLabel: { formatter: (v: number) => bytes(v) }, nameGap: 65 },
      series: [
        { type: 'line', name: t('result.attentionSlope', { slope: sig(result.slopes.attention.memoryTail) }), data: result.rows.map((r) => [r.seqLen, r.attention.peakBytes]) },
        { type: 'line', name: t('result.lstmSlope', { slope: sig(result.slopes.lstm.memoryTail) }), data: result.rows.map((r) => [r.seqLen, r.lstm.peakBytes]) },
      ],
    }),
    [result, t],
  );
  const time = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => t('result.ms', { value: sig(v) }) },
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 50 },
      xAxis: { ...logAxis(t('result.sequenceLength')), nameGap: 28, axisLabel: {} },
      yAxis: logAxis(t('result.forwardMs')),
      series: [
        { type: 'line', name: t('result.attentionSlope', { slope: sig(result.slopes.attention.time) }), data: result.rows.map((r) => [r.seqLen, r.attention.forwardMs]) },
        { type: 'line', name: t('result.lstmSlope', { slope: sig(result.slopes.lstm.time) }), data: result.rows.map((r) => [r.seqLen, r.lstm.forwardMs]) },
      ],
    }),
    [result, t],
  );
  return (
    <div className="result">
      <Chart option={memory} label={t('result.memoryLabel')} />
      {!compact && (
        <>
          <Chart option={time} height={260} label={t('result.timeLabel')} />
          <table className="table">
            <thead>
              <tr>
                <th>{t('result.layer')}</th>
                <th>{t('result.complexity')}</th>
                <th>{t('result.sequentialOps')}</th>
                <th>{t('result.maxPath')}</th>
              </tr>
            </thead>
            <tbody>
              {result.reference.map((r) => (
                <tr key={r.layer}>
                  <td>{r.layer}</td>
                  <td>{r.complexityPerLayer}</td>
                  <td>{r.sequentialOperations}</td>
                  <td>{r.maxPathLength}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function PositionalEncoding({ result, compact }: { result: TLabResultFor<'positional-encoding'>; compact: boolean }) {
  const t = useTranslations();
  const heat = useMemo(() => {
    const m = result.sinusoidal.matrix;
    const data = m.flatMap((row, pos) => row.map((v, i) => [i, pos, v]));
    return {
      tooltip: { formatter: (p: { value: number[] }) => t('result.posDim', { pos: String(p.value[1] ?? ''), dim: String(p.value[0] ?? ''), value: sig(p.value[2] ?? 0) }) },
      grid: { left: 60, right: 80, top: 10, bottom: 50 },
      xAxis: { type: 'category', name: t('result.dimensionI'), nameLocation: 'middle', nameGap: 28, data: positions(m[0]?.length ?? 0) },
      yAxis: { type: 'category', name: t('result.position'), nameLocation: 'middle', nameGap: 40, data: positions(m.length) },
      visualMap: { min: -1, max: 1, calculable: true, orient: 'vertical', right: 0, top: 'center', inRange: { color: ['#2c7bb6', '#f7f7f7', '#d7191c'] } },
      series: [{ type: 'heatmap', data }],
    };
  }, [result, t]);
  const similarity = useMemo(
    () => ({
      tooltip,
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 50 },
      xAxis: { type: 'value', name: t('result.distanceK'), nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: t('result.cosineAxis'), nameLocation: 'middle', nameGap: 40 },
      series: [
        { type: 'line', name: t('positions.sinusoidal'), showSymbol: false, data: result.sinusoidal.distance.map((d, i) => [d, result.sinusoidal.cosine[i]]) },
        { type: 'line', name: t('result.learnedAtInit'), showSymbol: false, data: result.learnedCosine.map((c, i) => [result.sinusoidal.distance[i], c]) },
      ],
    }),
    [result, t],
  );
  return (
    <div className="result">
      <table className="table">
        <thead>
          <tr>
            <th>{t('result.positions')}</th>
            <th>max |pooled(我 喜欢 你) − pooled(你 喜欢 我)|</th>
            <th>{t('result.sameOutput')}</th>
          </tr>
        </thead>
        <tbody>
          {result.modes.map((m) => (
            <tr key={m.positions}>
              <td>{t(`positions.${m.positions}`)}</td>
              <td>{sig(m.maxAbsDiff)}</td>
              <td>{t(m.identical ? 'result.identical' : 'result.different')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!compact && (
        <>
          <Chart option={heat} height={380} label={t('result.encodingLabel')} />
          <Chart option={similarity} height={260} label={t('result.similarityLabel')} />
        </>
      )}
    </div>
  );
}

function LayerNormDepth({ result, compact }: { result: TLabResultFor<'layernorm-depth'>; compact: boolean }) {
  const t = useTranslations();
  const option = useMemo(
    () => ({
      tooltip,
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 50 },
      xAxis: { type: 'value', name: t('result.layerAxis'), nameLocation: 'middle', nameGap: 28, min: 1, max: result.params.depth },
      yAxis: logAxis(t('result.ffnGradAxis')),
      series: result.placements.flatMap((p) => [
        { type: 'line', name: t('result.normAtInit', { norm: p.norm === 'post' ? 'Post-LN' : 'Pre-LN' }), data: p.atInit.ffnW2.map((g, i) => [i + 1, g]) },
        ...(compact ? [] : [{ type: 'line', name: t('result.normAfterSteps', { norm: p.norm === 'post' ? 'Post-LN' : 'Pre-LN', steps: result.params.steps }), lineStyle: { type: 'dashed' }, data: p.afterSteps.ffnW2.map((g, i) => [i + 1, g]) }]),
      ]),
    }),
    [result, compact, t],
  );
  return (
    <div className="result">
      <Chart option={option} label={t('result.layerNormLabel')} />
    </div>
  );
}

function AttentionWeights({ result, compact }: { result: TLabResultFor<'attention-weights'>; compact: boolean }) {
  const t = useTranslations();
  const examples = compact ? result.examples.slice(0, 2) : result.examples;
  return (
    <div className="result">
      {examples.map((ex, n) => {
        const heads = ex.attention.length;
        const perKey = ex.tokens.map((_, j) => ex.attention.reduce((s, h) => s + h.reduce((r, row) => r + (row[j] ?? 0), 0) / h.length, 0) / heads);
        // The sentence and its prediction as text above the chart, where it wraps: as the chart's own title it was
        // one line of SVG, cut off at both edges on a phone.
        return (
          <figure key={n} className="chart-figure">
            <figcaption className="chart-caption">
              {t('result.prediction', { sentence: ex.tokens.join(' '), predicted: t(`sentiment.${ex.predicted}`), probability: pct(ex.probabilityPositive) })}
            </figcaption>
            <Chart
              height={180}
              label={t('result.attentionLabel', { sentence: ex.tokens.join(' ') })}
              option={{
                tooltip: { trigger: 'axis', valueFormatter: (v: number) => sig(v) },
                grid: { left: 50, right: 10, top: 20, bottom: 30 },
                xAxis: { type: 'category', data: ex.tokens },
                yAxis: { type: 'value', max: 1 },
                series: [{ type: 'bar', data: perKey.map((v, j) => ({ value: v, itemStyle: j === ex.sentimentIndex ? { color: '#d7191c' } : {} })) }],
              }}
            />
          </figure>
        );
      })}
    </div>
  );
}

function LstmGates({ result, compact }: { result: TLabResultFor<'lstm-gates'>; compact: boolean }) {
  const t = useTranslations();
  const trace = result.traces[0];
  const option = useMemo(() => {
    if (!trace) return {};
    const steps = positions(trace.forget.length);
    return {
      tooltip,
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 40, bottom: 50 },
      xAxis: { type: 'category', name: t('result.stepT'), nameLocation: 'middle', nameGap: 28, data: steps },
      yAxis: [
        { type: 'value', name: t('result.gate'), min: 0, max: 1 },
        { type: 'value', name: t('result.cellAxis'), position: 'right' },
      ],
      series: [
        { type: 'line', name: t('result.forgetMemory'), data: trace.memoryUnit.forget },
        { type: 'line', name: t('result.inputMemory'), data: trace.memoryUnit.input },
        { type: 'line', name: t('result.outputMemory'), data: trace.memoryUnit.output },
        { type: 'line', name: t('result.forgetMean'), lineStyle: { type: 'dashed' }, data: trace.forget },
        { type: 'line', name: t('result.cellMean'), yAxisIndex: 1, lineStyle: { type: 'dotted' }, data: trace.cellAbs },
      ],
    };
  }, [trace, t]);
  if (!trace) return null;
  return (
    <div className="result">
      <Chart option={option} height={compact ? 260 : 340} label={t('result.gatesLabel')} />
    </div>
  );
}
