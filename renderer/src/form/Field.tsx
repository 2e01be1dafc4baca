// A labelled control with a hint and an inline error, wired for screen readers (aria-describedby/aria-invalid).
import type { InputHTMLAttributes, ReactNode } from 'react';

/** What a Field hands its control: its id and the ARIA wiring to its hint and error. */
export interface FieldAria {
  id: string;
  'aria-describedby': string;
  'aria-invalid': boolean;
}

export interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  errors?: string[];
  children: (aria: FieldAria) => ReactNode;
}

export function Field({ id, label, hint, errors, children }: FieldProps) {
  const hintId = `${id}-hint`;
  const errId = `${id}-error`;
  const invalid = !!errors && errors.length > 0;
  return (
    <div className={`field${invalid ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': [hint ? hintId : '', invalid ? errId : ''].filter(Boolean).join(' '), 'aria-invalid': invalid })}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {invalid && (
        <p className="error" id={errId} aria-live="polite" data-testid={`${id}-error`}>
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}

/** The forms' text box, for everything they take as text that is not a secret: names, URLs, paths, keys, numbers.
 *  Never spell-checked (Electron underlines a bucket name or an access key id as a typo) nor autofilled (the
 *  browser has nothing to offer and would fill one connection's values into another). */
export function TextInput({
  aria,
  value,
  onChange,
  ...rest
}: {
  /** A Field's wiring, or a label of its own where the box has no Field (the rename rows). */
  aria: FieldAria | { 'aria-label': string; 'aria-invalid': boolean };
  value: string;
  onChange: (value: string) => void;
} & Pick<InputHTMLAttributes<HTMLInputElement>, 'disabled' | 'list' | 'inputMode' | 'placeholder'>) {
  return (
    <input {...aria} {...rest} type="text" spellCheck={false} autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />
  );
}
