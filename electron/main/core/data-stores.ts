// The stores behind presets and history, in the data folder the CLI shares (homeLayout: presets.json, runs/).
// One constructor for the app and for anything else that registers the handlers (tests, the browser harness).
import { JournalStore, PresetStore, homeLayout, sweepStaleTemps, type HomeLayout, type StoreProblem } from '../../engine/store';

export interface DataStores {
  layout: HomeLayout;
  presets: PresetStore;
  journals: JournalStore;
}

export function openDataStores(root: string, opts: { onProblem?: (p: StoreProblem) => void } = {}): DataStores {
  const layout = homeLayout(root);
  return {
    layout,
    presets: new PresetStore(layout.presetsFile, { onProblem: opts.onProblem }),
    journals: new JournalStore(layout.runsDir),
  };
}

/** At start: removes temp files a crashed write left behind (older than the store's age limit, so a CLI writing
 *  at this moment keeps its own). Never throws: a leftover temp file is harmless. */
export async function sweepDataFolder(layout: HomeLayout): Promise<string[]> {
  const removed = await Promise.all([layout.root, layout.runsDir, layout.reportsDir].map((dir) => sweepStaleTemps(dir).catch(() => [])));
  return removed.flat();
}
