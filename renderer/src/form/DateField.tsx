// One date control per date, 24-hour and UTC everywhere: the event's `YYYY-MM-DD HH:MM:SS` text (arrow keys step the
// part under the caret) and a calendar of our own beside it. Not the native datetime-local picker: it shows the
// OS locale's format (12-hour "AM/PM" in a US locale) next to a value that is 24-hour UTC, two answers to one
// question.
import { useEffect, useRef, useState } from 'react';
import { Field } from './Field';
import { daysIn, formatDateText, parseDateText, segmentAt, stepDateText, type DateParts } from './date-text';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const p2 = (n: number) => String(n).padStart(2, '0');

export function DateField(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  errors?: string[];
  disabled?: boolean;
  onChange: (v: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (!boxRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  return (
    <Field id={props.id} label={props.label} hint={props.hint} errors={props.errors}>
      {(aria) => (
        <div className="date-input" ref={boxRef} onKeyDown={(e) => e.key === 'Escape' && open && (setOpen(false), e.stopPropagation())}>
          <input
            {...aria}
            type="text"
            inputMode="numeric"
            placeholder="YYYY-MM-DD HH:MM:SS"
            spellCheck={false}
            autoComplete="off"
            value={props.value}
            disabled={props.disabled}
            onChange={(e) => props.onChange(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
              const el = e.currentTarget;
              const caret = el.selectionStart ?? 0;
              const next = stepDateText(props.value, segmentAt(caret), e.key === 'ArrowUp' ? 1 : -1);
              if (!next) return;
              e.preventDefault();
              props.onChange(next);
              requestAnimationFrame(() => el.setSelectionRange(caret, caret));
            }}
          />
          <span className="utc-tag" aria-hidden="true">
            UTC
          </span>
          <button
            type="button"
            className="calendar-button"
            aria-label={`Choose ${props.label} on a calendar`}
            aria-expanded={open}
            disabled={props.disabled}
            onClick={() => setOpen((o) => !o)}
          >
            {/* Drawn, not an emoji: Linux desktops often lack an emoji font. */}
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.4">
              <rect x="1.5" y="2.5" width="13" height="12" rx="1.5" />
              <path d="M1.5 6h13M5 1v3M11 1v3" />
              <path d="M4 9h2M7 9h2M10 9h2M4 12h2M7 12h2" strokeWidth="1.6" />
            </svg>
          </button>
          {open && <Calendar label={props.label} value={props.value} onChange={props.onChange} onDone={() => setOpen(false)} />}
        </div>
      )}
    </Field>
  );
}

function Calendar({ label, value, onChange, onDone }: { label: string; value: string; onChange: (v: string) => void; onDone: () => void }) {
  const now = new Date();
  const parts: DateParts = parseDateText(value) ?? {
    y: now.getUTCFullYear(),
    mo: now.getUTCMonth() + 1,
    d: now.getUTCDate(),
    h: 0,
    mi: 0,
    s: 0,
  };
  const [view, setView] = useState({ y: parts.y, mo: parts.mo });
  const set = (p: Partial<DateParts>) => onChange(formatDateText({ ...parts, ...p }));
  const first = (new Date(Date.UTC(view.y, view.mo - 1, 1)).getUTCDay() + 6) % 7; // Monday first (ISO weeks)
  const n = daysIn(view.y, view.mo);
  const cells: Array<number | null> = [...Array<null>(first).fill(null), ...Array.from({ length: n }, (_, i) => i + 1)];
  const move = (delta: number) =>
    setView((v) => ({ y: v.mo + delta < 1 ? v.y - 1 : v.mo + delta > 12 ? v.y + 1 : v.y, mo: ((v.mo - 1 + delta + 12) % 12) + 1 }));
  const timeSelect = (what: string, max: number, v: number, key: 'h' | 'mi' | 's') => (
    <select aria-label={`${label}: ${what}`} value={v} onChange={(e) => set({ [key]: Number(e.target.value) })}>
      {Array.from({ length: max }, (_, i) => (
        <option key={i} value={i}>
          {p2(i)}
        </option>
      ))}
    </select>
  );
  return (
    <div className="calendar" role="dialog" aria-label={`${label}, UTC`}>
      <div className="calendar-head">
        <button type="button" aria-label="Previous month" onClick={() => move(-1)}>
          ‹
        </button>
        <span aria-live="polite">
          {MONTHS[view.mo - 1]} {view.y}
        </span>
        <button type="button" aria-label="Next month" onClick={() => move(1)}>
          ›
        </button>
      </div>
      <div className="calendar-grid" role="grid">
        {['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'].map((d) => (
          <span key={d} className="dow" aria-hidden="true">
            {d}
          </span>
        ))}
        {cells.map((d, i) =>
          d === null ? (
            <span key={`e${i}`} />
          ) : (
            <button
              type="button"
              key={d}
              aria-label={`${view.y}-${p2(view.mo)}-${p2(d)}`}
              aria-pressed={parts.y === view.y && parts.mo === view.mo && parts.d === d}
              onClick={() => set({ y: view.y, mo: view.mo, d })}
            >
              {d}
            </button>
          ),
        )}
      </div>
      <div className="calendar-time">
        <span>Time (UTC, 24 h)</span>
        {timeSelect('hour', 24, parts.h, 'h')}:{timeSelect('minute', 60, parts.mi, 'mi')}:{timeSelect('second', 60, parts.s, 's')}
        <button type="button" className="primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
