// The same log lines and summary block as the CLI prints, with Copy. Shows the last lines; Copy takes them all.
// Lines wrap and are coloured by level; "Warnings and errors" and a search box narrow them down.
import { memo, useDeferredValue, useId, useRef, useState } from 'react';

const SHOWN = 2000;

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
  const last = lines.length > SHOWN ? lines.slice(-SHOWN) : lines;
  const first = lines.length - last.length;
  const narrowed = problemsOnly || q !== '';
  // Levels are worked out once per line and kept (the log only grows; a new run gives a new array): a year's run
  // logs ~26,000 lines and the pane re-renders every ~50 ms while it streams.
  const tally = useRef({ of: lines, levels: [] as Level[], problems: 0 });
  if (tally.current.of !== lines || tally.current.levels.length > lines.length) tally.current = { of: lines, levels: [], problems: 0 };
  for (let i = tally.current.levels.length; i < lines.length; i++) {
    const level = lineLevel(lines[i]!);
    tally.current.levels.push(level);
    if (level !== 'info') tally.current.problems++;
  }
  const levels = tally.current.levels;
  const problems = tally.current.problems;
  const shown: Array<{ line: string; at: number; level: Level }> = [];
  // Filtered views search the whole log, not only the last 2,000 lines.
  const pool = narrowed ? lines : last;
  const base = narrowed ? 0 : first;
  for (let i = 0; i < pool.length; i++) {
    const line = pool[i]!;
    const level = levels[base + i]!;
    if (problemsOnly && level === 'info') continue;
    if (q && !line.toLowerCase().includes(q)) continue;
    shown.push({ line, at: base + i, level });
  }
  if (shown.length > SHOWN) shown.splice(0, shown.length - SHOWN);

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
          {shown.length} of {lines.length} lines match.
        </p>
      ) : (
        lines.length > SHOWN && (
          <p className="muted">
            Showing the last {SHOWN} of {lines.length} lines; Copy log copies all.
          </p>
        )
      )}
      <pre tabIndex={0} data-version={version} aria-label="Log lines" data-testid="log-lines">
        {/* One block per line, keyed by its position in the whole log: new lines are appended and the old ones keep
            their nodes and layout, so the browser does not re-lay-out up to 2,000 lines on every update of a
            streaming run (it did when this was one joined string; see the window benchmark). */}
        {shown.map((l) => (
          <span className={`log-line ${l.level}`} key={l.at}>
            {l.line}
          </span>
        ))}
      </pre>
    </section>
  );
});
