'use client';

import { ZLabRun, ZLabRunEvent, type TLabRun, type TLabRunEvent, type TLabRunRequestInput } from '@recurrence/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';

export type LabRunState =
  | { phase: 'idle' }
  | { phase: 'running'; run: TLabRun; event: TLabRunEvent; cancelling?: boolean; cancelError?: string }
  | { phase: 'finished'; run: TLabRun }
  | { phase: 'error'; message: string; field?: string };

/** Starts a run (or gets its cached result), follows its progress over server-sent events, and can cancel it. */
export function useLabRun() {
  const [state, setState] = useState<LabRunState>({ phase: 'idle' });
  const source = useRef<EventSource | null>(null);

  const stopListening = () => {
    source.current?.close();
    source.current = null;
  };
  useEffect(() => stopListening, []);

  const follow = useCallback((run: TLabRun) => {
    stopListening();
    setState({ phase: 'running', run, event: { id: run.id, status: run.status, progress: run.progress, message: run.message, error: null } });
    const es = new EventSource(`/api/v1/lab/runs/${run.id}/events`);
    source.current = es;
    es.addEventListener('state', (e) => {
      const event = ZLabRunEvent.parse(JSON.parse((e as MessageEvent<string>).data));
      if (event.status === 'queued' || event.status === 'running') {
        setState((current) => (current.phase === 'running' && current.run.id === run.id ? { ...current, event } : { phase: 'running', run, event }));
        return;
      }
      stopListening();
      api(ZLabRun, `/api/v1/lab/runs/${run.id}`)
        .then((finished) => setState({ phase: 'finished', run: finished }))
        .catch((err: unknown) => setState({ phase: 'error', message: err instanceof Error ? err.message : String(err) }));
    });
    es.onerror = () => {
      // The browser reconnects on its own; a run that ended while disconnected is picked up by the next state event.
    };
  }, []);

  const start = useCallback(
    async (request: TLabRunRequestInput) => {
      try {
        const run = await api(ZLabRun, '/api/v1/lab/runs', { method: 'POST', body: request });
        if (run.status === 'done' || run.status === 'failed' || run.status === 'cancelled') setState({ phase: 'finished', run });
        else follow(run);
      } catch (err) {
        const e = err as { message?: string; field?: string };
        setState({ phase: 'error', message: e.message ?? String(err), field: e.field });
      }
    },
    [follow],
  );

  const cancel = useCallback(async () => {
    if (state.phase !== 'running' || state.cancelling) return;
    const runId = state.run.id;
    // Progress events keep coming while the request is out: they keep the "cancelling" mark (or its failure).
    const mark = (patch: { cancelling: boolean; cancelError?: string }) =>
      setState((current) => (current.phase === 'running' && current.run.id === runId ? { ...current, cancelError: undefined, ...patch } : current));
    mark({ cancelling: true });
    try {
      // The answer is the run as this user now sees it (cancelled): a run another user also waits for goes on for
      // them, so no further event may come.
      const run = await api(ZLabRun, `/api/v1/lab/runs/${runId}`, { method: 'DELETE' });
      stopListening();
      setState({ phase: 'finished', run });
    } catch (err) {
      mark({ cancelling: false, cancelError: err instanceof Error ? err.message : String(err) });
    }
  }, [state]);

  return { state, start, cancel };
}
