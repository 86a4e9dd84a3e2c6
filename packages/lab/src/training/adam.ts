import * as tf from '@tensorflow/tfjs-core';
import type { ParamMap } from '../models/params';

/**
 * Adam (Kingma & Ba 2015) with PyTorch's defaults and update rule, so an exported run can be replayed:
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²
 *   p ← p − lr/(1−β1^t) · m / (sqrt(v)/sqrt(1−β2^t) + ε),   β1 = 0.9, β2 = 0.999, ε = 1e-8.
 * Optional gradient clipping by global norm (like torch.nn.utils.clip_grad_norm_) before the update.
 */
export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Clip the global gradient norm to this value (no clipping if omitted). */
  clipNorm?: number;
}

export class Adam {
  private readonly m = new Map<string, tf.Tensor>();
  private readonly v = new Map<string, tf.Tensor>();
  private t = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  constructor(private readonly options: AdamOptions) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /** Updates `params` in place (entries are replaced by new tensors; the old ones are disposed). */
  step(params: ParamMap, grads: ParamMap): { gradNorm: number } {
    this.t++;
    const names = Object.keys(grads);
    const norm = Math.sqrt(
      tf.tidy(() => tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!)))).dataSync()[0]!),
    );
    const clip = this.options.clipNorm;
    const factor = clip !== undefined && norm > clip ? clip / (norm + 1e-6) : 1;
    const step = this.options.learningRate / (1 - this.beta1 ** this.t);
    const bc2 = Math.sqrt(1 - this.beta2 ** this.t);
    for (const name of names) {
      const p = params[name];
      if (!p) throw new Error(`gradient for unknown parameter ${name}`);
      const [m, v, next] = tf.tidy(() => {
        const g = factor === 1 ? grads[name]! : tf.mul(grads[name]!, factor);
        const m0 = this.m.get(name);
        const v0 = this.v.get(name);
        const m1 = m0 ? tf.add(tf.mul(m0, this.beta1), tf.mul(g, 1 - this.beta1)) : tf.mul(g, 1 - this.beta1);
        const v1 = v0
          ? tf.add(tf.mul(v0, this.beta2), tf.mul(tf.square(g), 1 - this.beta2))
          : tf.mul(tf.square(g), 1 - this.beta2);
        const update = tf.div(tf.mul(m1, step), tf.add(tf.div(tf.sqrt(v1), bc2), this.epsilon));
        return [m1, v1, tf.sub(p, update)];
      });
      this.m.get(name)?.dispose();
      this.v.get(name)?.dispose();
      this.m.set(name, m);
      this.v.set(name, v);
      p.dispose();
      params[name] = next;
    }
    return { gradNorm: norm };
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}
