// The campaign's live stream (Server-Sent Events) read with fetch (the session cookie
// goes with it); reconnects with backoff and resumes after the last event id it saw.
import { useEffect, useRef, useState } from 'preact/hooks';
import { authHeaders } from './api.js';

/** One change the stream reports: an event applied to an instance in the user's jurisdiction. */
export type Change = { id: number; instanceId: number; code: string; level: string; seq: number; type: string; actor: string; at: string; phase: string; health: string };

type Handlers = { onChange: (changes: Change[]) => void; onStatus: (live: boolean) => void };

/** Parse SSE blocks out of a growing buffer; returns what is left unparsed. */
export function parseSse(buffer: string, emit: (event: string, data: string, id: string | undefined) => void): string {
  let rest = buffer.replace(/\r\n/g, '\n');
  let end: number;
  while ((end = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (data.length > 0) emit(event, data.join('\n'), id);
  }
  return rest;
}

/** Follow a campaign's stream until `signal` aborts. */
export async function follow(campaignId: number, handlers: Handlers, signal: AbortSignal): Promise<void> {
  let after: string | undefined;
  let backoff = 1000;
  while (!signal.aborted) {
    try {
      const res = await fetch(`/api/campaigns/${campaignId}/stream${after ? `?after=${after}` : ''}`, { headers: { ...authHeaders(), accept: 'text/event-stream' }, signal });
      if (res.status === 401 || res.status === 403 || res.status === 404) return handlers.onStatus(false);
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const batch: Change[] = [];
        buffer = parseSse(buffer + value, (event, data, id) => {
          if (id !== undefined) after = id;
          if (event === 'ready') {
            handlers.onStatus(true);
            backoff = 1000;
          } else if (event === 'change') batch.push(JSON.parse(data) as Change);
        });
        if (batch.length > 0) handlers.onChange(batch);
      }
    } catch (e) {
      if (signal.aborted) return;
      void e; // reconnect below
    }
    handlers.onStatus(false);
    await new Promise((r) => setTimeout(r, backoff));
    backoff = Math.min(backoff * 2, 15_000);
  }
}

/**
 * Follow a campaign while mounted: `onChanges` gets each batch (the caller decides
 * what to reload); returns whether the stream is connected and the last change.
 */
export function useLive(campaignId: number | undefined, onChanges: (changes: Change[]) => void): { live: boolean; last: Change | undefined } {
  const [live, setLive] = useState(false);
  const [last, setLast] = useState<Change | undefined>(undefined);
  const handler = useRef(onChanges);
  handler.current = onChanges;
  useEffect(() => {
    if (campaignId === undefined) return;
    const abort = new AbortController();
    void follow(
      campaignId,
      {
        onChange: (changes) => {
          setLast(changes[changes.length - 1]);
          handler.current(changes);
        },
        onStatus: setLive,
      },
      abort.signal,
    );
    return () => abort.abort();
  }, [campaignId]);
  return { live, last };
}
