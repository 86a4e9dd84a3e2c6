import type { Socket } from 'node:net';

/** How long a connection answered before its request body ended may go on sending before it is closed. */
export const LINGER_MS = 2_000;

/**
 * A lingering close for a response sent before its request's body was read to the end (413 to a body over the
 * limit, an error before the upload finished). Node closes such a connection as soon as the answer is written; the
 * client, still sending, then meets a reset, and a reset can discard the answer its kernel had already received: in
 * 40 streamed oversized uploads to the built server, 3 ended in EPIPE instead of the 413 (scripted, 2026-12-02).
 * Like nginx's lingering close, the server instead sends its answer and end-of-stream, keeps reading and discarding
 * what still arrives for at most LINGER_MS (or until the client closes its side), and only then closes.
 */
export function lingerOnClose(socket: Socket) {
  if ((socket as { lingering?: boolean }).lingering) return;
  (socket as { lingering?: boolean }).lingering = true;
  socket.destroySoon = function lingeringDestroySoon(this: Socket) {
    this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('end', () => {
      clearTimeout(timer);
      this.destroy();
    });
    this.once('close', () => clearTimeout(timer));
    this.resume();
  };
}
