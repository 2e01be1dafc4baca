// The same log lines and summary block as the CLI prints, with Copy. Shows the last lines; Copy takes them all.
// Lines wrap and are coloured by level; "Warnings and errors" and a search box narrow them down. While the view is
// at its end it follows new lines, as a terminal does; scrolled up, it stays where the reader put it.
import { memo, useDeferredValue, useId, useLayoutEffect, useRef, useState } from 'react';

const SHOWN = 2000;
/** Lines per block of the pane (by position in the whole log; see LogBlock). */
const BLOCK = 100;

/** The level of a `YYYY-MM-DD HH:MM:SS - LEVEL - message` line; summary lines of failed chunks count as errors. */
type Level = 'info' | 'warning' | 'error';

export function lineLevel(line: string): Level {
  const m = / - (INFO|WARNING|ERROR) - (.*)$/.exec(line);
  if (!m) return 'info';
  if (m[1] === 'ERROR') return 'error';
  if (m[1] === 'WARNING') return 'warning';
  return /^(✗ Chunk|Error: (?!Cancelled))/.test(m[2]!) ? 'error' : 'info';
}

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Fallback for contexts without the async clipboard API.
  const ta = document.createElement('textarea');
  ta.value = text;
  document.body.appendChild(ta);
  ta.select();
  document.execCommand('copy');
  ta.remove();
}

export const LogPane = memo(function LogPane({ lines, version }: { lines: readonly string[]; version: number }) {
  const id = useId();
  const [note, setNote] = useState('');
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [query, setQuery] = useState('');
  // Typing stays immediate; filtering up to 2,000 lines follows when the main thread is free.
  const q = useDeferredValue(query.trim().toLowerCase());
  // The lines shown are the first `upTo` of the log (which grows in place): a deferred value, so new lines are
  // rendered in a background render that React splits into short slices, not in the update that brought them. At
  // the end of a year's run ~8,800 summary lines arrive at once and replace every shown line (2,000 new elements).
  const upTo = Math.min(useDeferredValue(lines.length, 0), lines.length);
  // The last 2,000 lines, from the start of their block (up to 99 more): the oldest block drops out whole once every
  // 100 lines, rather than losing lines (and being laid out again) on every update of a streaming run.
  const first = upTo > SHOWN ? Math.floor((upTo - SHOWN) / BLOCK) * BLOCK : 0;
  const narrowed = problemsOnly || q !== '';
  // Levels are worked out once per line and kept (the log only grows; a new run gives a new array): a year's run
  // logs ~26,000 lines and the pane re-renders every ~50 ms while it streams.
  const tally = useRef({ of: lines, levels: [] as Level[], problems: 0 });
  if (tally.current.of !== lines || tally.current.levels.length > upTo) tally.current = { of: lines, levels: [], problems: 0 };
  for (let i = tally.current.levels.length; i < upTo; i++) {
    const level = lineLevel(lines[i]!);
    tally.current.levels.push(level);
    if (level !== 'info') tally.current.problems++;
  }
  const levels = tally.current.levels;
  const problems = tally.current.problems;
  const shown: Entry[] = [];
  // Filtered views search the whole log, not only the last 2,000 lines.
  for (let at = narrowed ? 0 : first; at < upTo; at++) {
    const line = lines[at]!;
    const level = levels[at]!;
    if (problemsOnly && level === 'info') continue;
    if (q && !line.toLowerCase().includes(q)) continue;
    shown.push({ line, at, level });
  }
  // A filtered view shows its last 2,000 matches (the unfiltered one is already cut at a block boundary).
  if (narrowed && shown.length > SHOWN) shown.splice(0, shown.length - SHOWN);
  // Blocks of the lines at positions [100k, 100k + 100) of the whole log: new lines change only the last block and
  // trimming only the first, so the others keep their nodes (and skip React's diff).
  const blocks: Array<{ id: number; entries: Entry[] }> = [];
  for (const l of shown) {
    const id = Math.floor(l.at / BLOCK);
    const last = blocks[blocks.length - 1];
    if (last && last.id === id) last.entries.push(l);
    else blocks.push({ id, entries: [l] });
  }
  const filterKey = `${problemsOnly ? 'problems' : 'all'}:${q}`;

  // Following the end: true until the reader scrolls up, true again once they scroll back to the end.
  const view = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  const lastShown = shown[shown.length - 1]?.at ?? -1;
  useLayoutEffect(() => {
    const el = view.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [lastShown, shown.length, filterKey]);

  return (
    <section className="log-pane" aria-label="Log">
      <div className="log-head">
        <h2>Log</h2>
        <button
          type="button"
          disabled={lines.length === 0}
          onClick={async () => {
            try {
              await copyText(lines.join('\n') + '\n');
              setNote(`Copied ${lines.length} lines.`);
            } catch (err) {
              setNote(`Could not copy: ${(err as Error).message}`);
            }
          }}
        >
          Copy log
        </button>
        <span role="status" className="muted">
          {note}
        </span>
        <label className="inline log-filter">
          <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} /> Warnings and errors only
          {!narrowed && problems > 0 ? ` (${problems})` : ''}
        </label>
        <label htmlFor={`${id}-search`} className="sr-only">
          Search the log
        </label>
        <input
          id={`${id}-search`}
          className="log-search"
          type="search"
          placeholder="Search the log"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {narrowed ? (
        <p className="muted" data-testid="log-count">
          {shown.length} of {upTo} lines match.
        </p>
      ) : (
        upTo > SHOWN && (
          <p className="muted">
            Showing the last {upTo - first} of {upTo} lines; Copy log copies all.
          </p>
        )
      )}
      <pre
        ref={view}
        tabIndex={0}
        data-version={version}
        aria-label="Log lines"
        data-testid="log-lines"
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
        }}
      >
        {/* One element per line, keyed by its position in the whole log, in blocks of 100: new lines are appended
            and the old ones keep their nodes, and a block out of the pane's view is skipped by style, layout and
            paint (content-visibility in styles.css). Up to 2,000 lines laid out on every update of a streaming run
            were most of the window's long tasks (window benchmark). */}
        {blocks.map((b) => (
          <LogBlock key={b.id} entries={b.entries} lines={lines} filterKey={filterKey} />
        ))}
      </pre>
    </section>
  );
});

type Entry = { line: string; at: number; level: Level };

/** A block's lines are those of the log (which only grows) between its first and last position that pass the
 *  filter: the same log, filter and ends mean the same lines. */
const LogBlock = memo(
  function LogBlock({ entries }: { entries: Entry[]; lines: readonly string[]; filterKey: string }) {
    return (
      <span className="log-block">
        {entries.map((l) => (
          <span className={`log-line ${l.level}`} key={l.at}>
            {l.line}
          </span>
        ))}
      </span>
    );
  },
  (a, b) =>
    a.lines === b.lines &&
    a.filterKey === b.filterKey &&
    a.entries.length === b.entries.length &&
    a.entries[0]?.at === b.entries[0]?.at &&
    a.entries[a.entries.length - 1]?.at === b.entries[b.entries.length - 1]?.at,
);
