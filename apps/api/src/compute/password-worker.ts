/**
 * The password worker: scores new passwords with zxcvbn (password-score.ts), one at a time. A thread of its own, apart
 * from the compute worker, so that its dictionaries go away when it retires (see the compute plugin).
 */
import { parentPort } from 'node:worker_threads';
import { scorePassword } from '../services/password-score';
import type { PasswordRequest, WorkerResponse } from './messages';

if (!parentPort) throw new Error('password worker must run in a worker thread');
const port = parentPort;

port.on('message', (message: PasswordRequest) => {
  let response: WorkerResponse;
  try {
    response = { id: message.id, ok: true, value: scorePassword(message.input.password, message.input.userInputs) };
  } catch (error) {
    response = { id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
