// Child process for the crash test: writes a file atomically and is SIGKILLed after the temp file is written and
// fsynced, before the rename — the worst moment for a crash.
import { writeFileAtomic } from '../../electron/engine/store/atomic-file';

const [file, content] = process.argv.slice(2);
await writeFileAtomic(file!, content!, {
  beforeRename: (tmp) => {
    process.stdout.write(`${tmp}\n`);
    process.kill(process.pid, 'SIGKILL');
    // SIGKILL is delivered asynchronously; never get to the rename.
    return new Promise(() => undefined);
  },
});
