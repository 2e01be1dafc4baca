// Problems the stores found (a corrupted presets file or run journal, moved aside; a file from a newer version):
// said clearly, never blocking. Each can be dismissed for this session.
import { useState } from 'react';

export interface StoreNotice {
  /** Stable across reloads, so a dismissed notice stays dismissed. */
  key: string;
  title: string;
  detail: string;
}

export function StoreNotices({ notices }: { notices: readonly StoreNotice[] }) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = notices.filter((n) => !dismissed.has(n.key));
  if (shown.length === 0) return null;
  return (
    <section className="notices" aria-label="Problems with saved data">
      {shown.map((n) => (
        <div className="notice" key={n.key} role="status">
          <div>
            <strong>{n.title}</strong>
            <p className="notice-detail">{n.detail}</p>
          </div>
          <button type="button" onClick={() => setDismissed((d) => new Set(d).add(n.key))}>
            Dismiss <span className="sr-only">{n.title}</span>
          </button>
        </div>
      ))}
    </section>
  );
}
