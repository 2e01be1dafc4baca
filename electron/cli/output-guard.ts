// Writing to a pipe whose reader has gone (`| head -1`) raises EPIPE, asynchronously, on the stream: unhandled it
// crashes the process with a stack trace. This swallows it, drops later writes, and tells the caller once.
import type { Writable } from 'node:stream';

export interface GuardedOutput {
  write(text: string): void;
  readonly closed: boolean;
}

export function guardOutput(stream: Writable, onClosed: () => void): GuardedOutput {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    onClosed();
  };
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return close();
    throw err;
  });
  return {
    write(text) {
      if (closed) return;
      try {
        stream.write(text);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') close();
        else throw err;
      }
    },
    get closed() {
      return closed;
    },
  };
}
