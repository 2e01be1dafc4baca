// The yardstick's own process (overhead group): fetches the pages once, then on each {type:'pass'} parses all of
// them back to back and answers {type:'pass', cpuMs} (its CPU for the pass, all threads). Its own heap, so neither
// the engine's heap state moves the yardstick nor the 100+ MB of pages it holds moves the engine's GC; and passes
// can be taken between the engine's runs, on the machine as it was then. argv[2]: the simulator's URL.
import { fetchPages, parsePassMs } from './parse-cpu';

const pages = await fetchPages(process.argv[2]!, 1000);
process.send!({ type: 'ready', pages: pages.length });
process.on('message', (m: { type?: string }) => {
  if (m?.type === 'pass') process.send!({ type: 'pass', cpuMs: parsePassMs(pages) });
});
process.on('disconnect', () => process.exit(0));
