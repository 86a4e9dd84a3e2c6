/**
 * Not a benchmark: the figures the deck's worked answers quote for every card experiment that runs the
 * Transformer, to the precision the web app prints them (3 significant digits, percentages to 0.1), so a change to
 * the lab's Transformer can be checked against the code before it (same digits as the web app, written plainly):
 *
 *   npx tsx bench/lab/worked-figures.ts > after.txt
 *   npx tsx bench/lab/worked-figures.ts <path to another checkout's packages/lab/src/index.ts> > before.txt
 *   diff before.txt after.txt
 *
 * LAB_FIGURES_ONLY=<experiment id> limits the run to that experiment's requests. LAB_TRAINERS=n trains the
 * independent trainings of a run on n worker threads (a checkout whose lab has no TrainerPool trains them in order):
 * the figures must not change.
 *
 * gradient-flow runs only its Transformer (each architecture draws from its own seeded streams, so the
 * Transformer's numbers are those of the card's full run); attention-cost is left out (its figures are timings).
 */
// The web app's precision (apps/web/src/components/lab/format.ts): 3 significant digits, percentages to 0.1.
const sig = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toPrecision(3));
const pct = (n: number) => `${(100 * n).toFixed(1)}%`;

type Lab = typeof import('@recurrence/lab');
const lab: Lab = process.argv[2] ? ((await import(process.argv[2])) as Lab) : await import('@recurrence/lab');

const requests = [
  { experiment: 'gradient-flow', params: { architectures: ['transformer'], seqLen: 100, steps: 100 } },
  { experiment: 'gradient-flow', params: { architectures: ['transformer'], seqLen: 101, steps: 100 } },
  { experiment: 'attention-weights', params: {} },
  { experiment: 'positional-encoding', params: {} },
  { experiment: 'layernorm-depth', params: { depth: 12 } },
];

const trainers =
  'createTrainerPool' in lab && process.env.LAB_TRAINERS
    ? lab.createTrainerPool(lab.parseLabTrainers(process.env.LAB_TRAINERS), await lab.ensureBackend())
    : undefined;
for (const request of requests.filter((r) => !process.env.LAB_FIGURES_ONLY || r.experiment === process.env.LAB_FIGURES_ONLY)) {
  const r = await lab.runExperiment({ ...request, seed: 0 }, trainers ? { trainers } : {});
  const lines: string[] = [];
  switch (r.experiment) {
    case 'gradient-flow':
      for (const a of r.architectures) {
        lines.push(`${a.architecture}: ‖∂L/∂x_0‖ ${sig(a.atEnd.inputGradNorm[0])}, ratio ${sig(a.atEnd.firstToLastRatio)}, accuracy ${pct(a.finalAccuracy)}`);
      }
      break;
    case 'attention-weights':
      lines.push(`accuracy ${pct(r.testAccuracy)}; weight on sentiment before ${sig(r.meanWeightOnSentiment.before)}, after ${sig(r.meanWeightOnSentiment.after)}, uniform ${sig(r.meanWeightOnSentiment.uniform)}`);
      break;
    case 'positional-encoding':
      for (const m of r.modes) lines.push(`${m.positions}: max |difference| ${sig(m.maxAbsDiff)}, identical ${m.identical}`);
      break;
    case 'layernorm-depth':
      for (const p of r.placements) {
        lines.push(`${p.norm}: last/first at init ${sig(p.lastToFirstRatio.atInit)}, after steps ${sig(p.lastToFirstRatio.afterSteps)}, loss ${sig(p.afterSteps.loss)}`);
      }
      break;
    default:
      throw new Error(`unexpected ${r.experiment}`);
  }
  console.log(`${JSON.stringify(request)}\n  ${lines.join('\n  ')}`);
}
await trainers?.destroy();
