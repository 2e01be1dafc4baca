// mambu-backfill: the headless CLI. Same engine as the app; prints the original job's log lines and summary and
// exits 0 (Complete Success), 2 (Partial Success) or 1 (Complete Failure).
import { runCli } from './run-cli';
import { guardOutput } from './output-guard';
import { messageOf } from '../../shared/message-of';

// package.json declares node >=24.18; an older Node would run, but with the AWS SDK's end-of-support warnings in
// the log and without the tested runtime. Say so plainly instead.
const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
if (major < 24 || (major === 24 && minor < 18)) {
  process.stderr.write(`mambu-backfill needs Node.js 24.18 or newer; this is ${process.version}. See .nvmrc (nvm use).\n`);
  process.exit(1);
}

const controller = new AbortController();
let interrupts = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // First signal: cancel gracefully (the chunk in flight is marked cancelled, the journal is written, so
    // `--resume RUN` finishes it; the summary still prints). A second one exits at once.
    if (++interrupts > 1) process.exit(130);
    controller.abort(new Error(`Cancelled by ${sig}`));
  });
}

// `mambu-backfill … | head -1`: once the reader is gone, stop writing and stop the run like SIGPIPE would,
// but gracefully (journaled, resumable) and without an EPIPE stack trace.
const out = guardOutput(process.stdout, () => controller.abort(new Error('Cancelled: the output pipe was closed')));
const err = guardOutput(process.stderr, () => undefined);

runCli(process.argv.slice(2), process.env, { out: (l) => out.write(l + '\n'), err: (l) => err.write(l + '\n') }, controller.signal).then(
  (code) => {
    process.exitCode = out.closed ? 0 : code;
  },
  (e: unknown) => {
    err.write(`mambu-backfill: ${messageOf(e)}\n`);
    process.exitCode = 1;
  },
);
