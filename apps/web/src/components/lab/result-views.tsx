'use client';

import type { TLabResult, TLabResultFor } from '@recurrence/contracts';
import { useMemo } from 'react';
import { Chart } from '../chart';
import { ARCH_LABEL, bytes, pct, sig } from './format';

const positions = (n: number) => Array.from({ length: n }, (_, i) => i);
const logAxis = (name: string) => ({ type: 'log', name, nameLocation: 'middle', nameGap: 50, axisLabel: { formatter: (v: number) => sig(v, 2) } });
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
  const T = result.params.seqLen;
  const grads = useMemo(
    () => ({
      tooltip,
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 50 },
      xAxis: { type: 'value', name: 'position t', nameLocation: 'middle', nameGap: 28, min: 0, max: T - 1 },
      yAxis: logAxis('‖∂L/∂x_t‖ / ‖∂L/∂x_{T−1}‖'),
      series: [
        ...result.architectures.map((a) => {
          const last = a.atEnd.inputGradNorm[T - 1] || 1;
          return { type: 'line', name: ARCH_LABEL[a.architecture], showSymbol: false, data: a.atEnd.inputGradNorm.map((g, t) => [t, Math.max(g / last, 1e-45)]) };
        }),
        { type: 'line', name: `γ^(T−1−t), γ=${result.reference.gamma}`, showSymbol: false, lineStyle: { type: 'dashed' }, data: result.reference.curve.map((g, t) => [t, Math.max(g, 1e-45)]) },
      ],
    }),
    [result, T],
  );
  const losses = useMemo(
    () => ({
      tooltip,
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 50 },
      xAxis: { type: 'value', name: 'training step', nameLocation: 'middle', nameGap: 28, min: 1 },
      yAxis: { type: 'value', name: 'loss', nameLocation: 'middle', nameGap: 40 },
      series: result.architectures.map((a) => ({ type: 'line', name: ARCH_LABEL[a.architecture], showSymbol: false, data: a.lossCurve.map((l, i) => [i + 1, l]) })),
    }),
    [result],
  );
  return (
    <div className="result">
      <Chart option={grads} label={`Gradient norm reaching each position at step ${result.params.steps}, relative to the last position`} />
      {!compact && (
        <>
          <Chart option={losses} height={240} label="Training loss per step" />
          <table className="table">
            <thead>
              <tr>
                <th>Model</th>
                <th>Parameters</th>
                <th>‖∂L/∂x₀‖ / ‖∂L/∂x_T−1‖ at init</th>
                <th>… at step {result.params.steps}</th>
                <th>Accuracy</th>
                <th>Trained</th>
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
                  <td>{a.lossCurve.length} steps</td>
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
  const memory = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => bytes(v) },
      legend: { top: 0 },
      grid: { left: 80, right: 20, top: 40, bottom: 50 },
      xAxis: { ...logAxis('sequence length n'), nameGap: 28, axisLabel: {} },
      yAxis: { ...logAxis('peak bytes'), axisLabel: { formatter: (v: number) => bytes(v) }, nameGap: 65 },
      series: [
        { type: 'line', name: `self-attention (slope ${sig(result.slopes.attention.memoryTail)})`, data: result.rows.map((r) => [r.seqLen, r.attention.peakBytes]) },
        { type: 'line', name: `LSTM (slope ${sig(result.slopes.lstm.memoryTail)})`, data: result.rows.map((r) => [r.seqLen, r.lstm.peakBytes]) },
      ],
    }),
    [result],
  );
  const time = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${sig(v)} ms` },
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 50 },
      xAxis: { ...logAxis('sequence length n'), nameGap: 28, axisLabel: {} },
      yAxis: logAxis('forward ms'),
      series: [
        { type: 'line', name: `self-attention (slope ${sig(result.slopes.attention.time)})`, data: result.rows.map((r) => [r.seqLen, r.attention.forwardMs]) },
        { type: 'line', name: `LSTM (slope ${sig(result.slopes.lstm.time)})`, data: result.rows.map((r) => [r.seqLen, r.lstm.forwardMs]) },
      ],
    }),
    [result],
  );
  return (
    <div className="result">
      <Chart option={memory} label="Peak memory against sequence length, log-log" />
      {!compact && (
        <>
          <Chart option={time} height={260} label="Forward time against sequence length, log-log" />
          <table className="table">
            <thead>
              <tr>
                <th>Layer (Vaswani et al. 2017, Table 1)</th>
                <th>Complexity per layer</th>
                <th>Sequential operations</th>
                <th>Maximum path length</th>
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
  const heat = useMemo(() => {
    const m = result.sinusoidal.matrix;
    const data = m.flatMap((row, pos) => row.map((v, i) => [i, pos, v]));
    return {
      tooltip: { formatter: (p: { value: number[] }) => `pos ${p.value[1]}, dim ${p.value[0]}: ${sig(p.value[2] ?? 0)}` },
      grid: { left: 60, right: 80, top: 10, bottom: 50 },
      xAxis: { type: 'category', name: 'dimension i', nameLocation: 'middle', nameGap: 28, data: positions(m[0]?.length ?? 0) },
      yAxis: { type: 'category', name: 'position', nameLocation: 'middle', nameGap: 40, data: positions(m.length) },
      visualMap: { min: -1, max: 1, calculable: true, orient: 'vertical', right: 0, top: 'center', inRange: { color: ['#2c7bb6', '#f7f7f7', '#d7191c'] } },
      series: [{ type: 'heatmap', data }],
    };
  }, [result]);
  const similarity = useMemo(
    () => ({
      tooltip,
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 50 },
      xAxis: { type: 'value', name: 'distance k', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'cos(PE(0), PE(k))', nameLocation: 'middle', nameGap: 40 },
      series: [
        { type: 'line', name: 'sinusoidal', showSymbol: false, data: result.sinusoidal.distance.map((d, i) => [d, result.sinusoidal.cosine[i]]) },
        { type: 'line', name: 'learned (at initialisation)', showSymbol: false, data: result.learnedCosine.map((c, i) => [result.sinusoidal.distance[i], c]) },
      ],
    }),
    [result],
  );
  return (
    <div className="result">
      <table className="table">
        <thead>
          <tr>
            <th>Positions</th>
            <th>max |pooled(我 喜欢 你) − pooled(你 喜欢 我)|</th>
            <th>Same output?</th>
          </tr>
        </thead>
        <tbody>
          {result.modes.map((m) => (
            <tr key={m.positions}>
              <td>{m.positions}</td>
              <td>{sig(m.maxAbsDiff)}</td>
              <td>{m.identical ? 'identical' : 'different'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!compact && (
        <>
          <Chart option={heat} height={380} label="Sinusoidal position encoding matrix" />
          <Chart option={similarity} height={260} label="Similarity of two positions against their distance" />
        </>
      )}
    </div>
  );
}

function LayerNormDepth({ result, compact }: { result: TLabResultFor<'layernorm-depth'>; compact: boolean }) {
  const option = useMemo(
    () => ({
      tooltip,
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 50 },
      xAxis: { type: 'value', name: 'layer (1 = nearest the input)', nameLocation: 'middle', nameGap: 28, min: 1, max: result.params.depth },
      yAxis: logAxis('‖∂L/∂W₂‖ of the feed-forward block'),
      series: result.placements.flatMap((p) => [
        { type: 'line', name: `${p.norm === 'post' ? 'Post-LN' : 'Pre-LN'} at init`, data: p.atInit.ffnW2.map((g, i) => [i + 1, g]) },
        ...(compact ? [] : [{ type: 'line', name: `${p.norm === 'post' ? 'Post-LN' : 'Pre-LN'} after ${result.params.steps} steps`, lineStyle: { type: 'dashed' }, data: p.afterSteps.ffnW2.map((g, i) => [i + 1, g]) }]),
      ]),
    }),
    [result, compact],
  );
  return (
    <div className="result">
      <Chart option={option} label="Feed-forward gradient norm per layer, Pre-LN and Post-LN" />
    </div>
  );
}

function AttentionWeights({ result, compact }: { result: TLabResultFor<'attention-weights'>; compact: boolean }) {
  const examples = compact ? result.examples.slice(0, 2) : result.examples;
  return (
    <div className="result">
      {examples.map((ex, n) => {
        const heads = ex.attention.length;
        const perKey = ex.tokens.map((_, j) => ex.attention.reduce((s, h) => s + h.reduce((r, row) => r + (row[j] ?? 0), 0) / h.length, 0) / heads);
        return (
          <Chart
            key={n}
            height={200}
            label={`Attention weight per word in “${ex.tokens.join(' ')}”`}
            option={{
              title: { text: `${ex.tokens.join(' ')} → ${ex.predicted} (${pct(ex.probabilityPositive)} positive)`, textStyle: { fontSize: 13 } },
              tooltip: { trigger: 'axis', valueFormatter: (v: number) => sig(v) },
              grid: { left: 50, right: 10, top: 40, bottom: 30 },
              xAxis: { type: 'category', data: ex.tokens },
              yAxis: { type: 'value', max: 1 },
              series: [{ type: 'bar', data: perKey.map((v, j) => ({ value: v, itemStyle: j === ex.sentimentIndex ? { color: '#d7191c' } : {} })) }],
            }}
          />
        );
      })}
    </div>
  );
}

function LstmGates({ result, compact }: { result: TLabResultFor<'lstm-gates'>; compact: boolean }) {
  const trace = result.traces[0];
  const option = useMemo(() => {
    if (!trace) return {};
    const t = positions(trace.forget.length);
    return {
      tooltip,
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 40, bottom: 50 },
      xAxis: { type: 'category', name: 'step t', nameLocation: 'middle', nameGap: 28, data: t },
      yAxis: [
        { type: 'value', name: 'gate', min: 0, max: 1 },
        { type: 'value', name: '|c_t|', position: 'right' },
      ],
      series: [
        { type: 'line', name: 'forget (memory unit)', data: trace.memoryUnit.forget },
        { type: 'line', name: 'input (memory unit)', data: trace.memoryUnit.input },
        { type: 'line', name: 'output (memory unit)', data: trace.memoryUnit.output },
        { type: 'line', name: 'forget (mean of units)', lineStyle: { type: 'dashed' }, data: trace.forget },
        { type: 'line', name: '|c_t| (mean)', yAxisIndex: 1, lineStyle: { type: 'dotted' }, data: trace.cellAbs },
      ],
    };
  }, [trace]);
  if (!trace) return null;
  return (
    <div className="result">
      <Chart option={option} height={compact ? 260 : 340} label="LSTM gate activations and cell magnitude along a sequence" />
    </div>
  );
}
