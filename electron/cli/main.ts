// mambu-backfill: the headless CLI. Same engine as the app; prints the original job's log lines and summary and
// exits 0 (Complete Success), 2 (Partial Success) or 1 (Complete Failure).
import { runCli } from './run-cli';
import { messageOf } from '../../shared/message-of';

const controller = new AbortController();
let interrupts = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // First signal: cancel gracefully (the chunk in flight is marked cancelled, the summary still prints).
    if (++interrupts > 1) process.exit(130);
    controller.abort(new Error(`Cancelled by ${sig}`));
  });
}

runCli(process.argv.slice(2), process.env, {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
}, controller.signal).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`mambu-backfill: ${messageOf(err)}\n`);
    process.exitCode = 1;
  },
);
