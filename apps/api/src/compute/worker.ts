/**
 * The compute worker: scheduling work that takes long enough to stall the event loop (the interview planner's
 * projections, the retention/workload curve, fitting FSRS parameters) runs here, one job at a time. Passwords are
 * scored in a worker of their own (password-worker.ts).
 */
import { parentPort } from 'node:worker_threads';
import { optimizeParameters, planInterview, retentionWorkload } from '@recurrence/srs';
import type { ComputeRequest, WorkerResponse } from './messages';

if (!parentPort) throw new Error('compute worker must run in a worker thread');
const port = parentPort;

port.on('message', async (message: ComputeRequest) => {
  let response: WorkerResponse;
  try {
    switch (message.op) {
      case 'plan':
        response = { id: message.id, ok: true, value: planInterview(message.input) };
        break;
      case 'workload':
        response = { id: message.id, ok: true, value: retentionWorkload(message.input.cards, message.input.now, message.input.options) };
        break;
      case 'optimize':
        response = { id: message.id, ok: true, value: await optimizeParameters(message.input.log, message.input.options) };
        break;
    }
  } catch (error) {
    response = { id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
