// The same log lines and summary block as the CLI prints, with Copy. Shows the last lines; Copy takes them all.
import { useState } from 'react';

const SHOWN = 2000;

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

export function LogPane({ lines, version }: { lines: readonly string[]; version: number }) {
  const [note, setNote] = useState('');
  const shown = lines.length > SHOWN ? lines.slice(-SHOWN) : lines;
  const first = lines.length - shown.length;
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
      </div>
      {lines.length > SHOWN && <p className="muted">Showing the last {SHOWN} of {lines.length} lines; Copy log copies all.</p>}
      <pre tabIndex={0} data-version={version} aria-label="Log lines" data-testid="log-lines">
        {/* One block per line, keyed by its position in the whole log: new lines are appended and the old ones keep
            their nodes and layout, so the browser does not re-lay-out up to 2,000 lines on every update of a
            streaming run (it did when this was one joined string; see the window benchmark). */}
        {shown.map((line, i) => (
          <span className="log-line" key={first + i}>
            {line}
          </span>
        ))}
      </pre>
    </section>
  );
}
