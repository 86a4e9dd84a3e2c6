/**
 * The compute worker: scheduling work that takes long enough to stall the event loop (the interview planner's
 * projections, the retention/workload curve, fitting FSRS parameters, scoring a new password) runs here, one job at a
 * time.
 */
import { parentPort } from 'node:worker_threads';
import { optimizeParameters, planInterview, retentionWorkload } from '@recurrence/srs';
import { scorePassword } from '../services/password-strength';
import type { ComputeRequest, ComputeResponse } from './messages';

if (!parentPort) throw new Error('compute worker must run in a worker thread');
const port = parentPort;

port.on('message', async (message: ComputeRequest) => {
  let response: ComputeResponse;
  try {
    switch (message.op) {
      case 'plan':
        response = { id: message.id, ok: true, value: planInterview(message.input) };
        break;
      case 'workload':
        response = { id: message.id, ok: true, value: retentionWorkload(message.input.cards, message.input.now, message.input.options) };
        break;
      case 'password':
        response = { id: message.id, ok: true, value: scorePassword(message.input.password, message.input.userInputs) };
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
