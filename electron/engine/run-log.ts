// A log file per run, beside its journal (`runs/<runId>.log`, JSON lines by pino), so support can read what
// happened without screenshots: the same lines the CLI prints and the window shows, plus each chunk's figures,
// retries and errors, and the setup check. Secrets are removed twice: known secret fields by pino's redact
// paths, and every known secret value (as given, and as it appears inside JSON) from each line before it is
// written. The app and the CLI both get it through runJournaled.
import pino, { type Logger } from 'pino';
import type { RunEvent } from '../../shared/run-types';

export interface RunLog {
  readonly file: string;
  observe(e: RunEvent): void;
  error(message: string): void;
  close(): void;
}

/** `runs/<runId>.json` → `runs/<runId>.log`. */
export const runLogOf = (journalFile: string) => journalFile.replace(/\.json$/, '') + '.log';

/** Every occurrence of each secret (4+ characters), raw or JSON-escaped (up to three levels), becomes `***`. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    // Raw, and as JSON escapes it once, twice, three times (an error message quoting a JSON body, in a JSON line).
    let form = s;
    for (let depth = 0; depth < 4; depth++) {
      out = out.split(form).join('***');
      const next = JSON.stringify(form).slice(1, -1);
      if (next === form) break;
      form = next;
    }
  }
  return out;
}

export function openRunLog(file: string, runId: string, secrets: ReadonlyArray<string | undefined>): RunLog {
  // Synchronous writes: a run logs a few lines per chunk, and a line must be on disk before a crash, not in a buffer.
  const dest = pino.destination({ dest: file, sync: true, mkdir: true, append: true, mode: 0o600 });
  const known = secrets.filter((s): s is string => !!s && s.length >= 4);
  const logger: Logger = pino(
    {
      base: { runId },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['secret', 'apiKey', 'password', 'secretAccessKey', '*.secret', '*.apiKey', '*.password', '*.secretAccessKey'],
        censor: '***',
      },
      hooks: { streamWrite: (s) => redactSecrets(s, known) },
    },
    dest,
  );
  let closed = false;
  return {
    file,
    observe(e) {
      if (closed) return;
      switch (e.type) {
        case 'run-started':
          logger.info({ event: e.event, context: e.context, chunks: e.chunks.length }, 'run started');
          break;
        case 'setup-checked':
          (e.ok ? logger.info.bind(logger) : logger.error.bind(logger))({ ok: e.ok, error: e.error }, 'setup check');
          break;
        case 'chunk-started':
          logger.info({ chunk: e.index }, 'chunk started');
          break;
        case 'chunk-restarted':
          logger.warn({ chunk: e.index, reason: e.reason }, 'chunk restarted');
          break;
        case 'chunk-done': {
          const { index, status, records, pages, requests, retries, durationMs, error, objects, warnings } = e.result;
          logger[status === 'success' ? 'info' : 'warn'](
            {
              chunk: index,
              status,
              records,
              pages,
              requests,
              retries,
              durationMs,
              objects: objects.length,
              warnings,
              ...(error ? { error } : {}),
            },
            'chunk done',
          );
          break;
        }
        case 'log':
          logger[e.level === 'ERROR' ? 'error' : e.level === 'WARNING' ? 'warn' : 'info'](e.line);
          break;
        case 'run-done':
          logger.info({ status: e.status, totals: e.totals, ...(e.fatalError ? { fatalError: e.fatalError } : {}) }, 'run done');
          break;
        case 'page-fetched':
          break; // per-page progress is in the chunk's figures; a line per page would drown the rest
      }
    },
    error(message) {
      if (!closed) logger.error(message);
    },
    close() {
      if (closed) return;
      closed = true;
      dest.flushSync();
      dest.end();
    },
  };
}
