// A date as `YYYY-MM-DD HH:MM:SS` text (what the event file holds) plus a native picker; both edit the same value.
import { Field } from './Field';
import { fromPickerValue, toPickerValue } from './draft';

export function DateField(props: { id: string; label: string; hint: string; value: string; errors?: string[]; disabled?: boolean; onChange: (v: string) => void }) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint} errors={props.errors}>
      {(aria) => (
        <div className="date-input">
          <input {...aria} type="text" inputMode="numeric" placeholder="YYYY-MM-DD HH:MM:SS" spellCheck={false} autoComplete="off" value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)} />
          <input
            type="datetime-local"
            step={1}
            aria-label={`Pick ${props.label} (UTC)`}
            value={toPickerValue(props.value)}
            disabled={props.disabled}
            onChange={(e) => {
              const v = fromPickerValue(e.target.value);
              if (v) props.onChange(v);
            }}
          />
        </div>
      )}
    </Field>
  );
}
