// A labelled control with a hint and an inline error, wired for screen readers (aria-describedby/aria-invalid).
import type { ReactNode } from 'react';

export interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  errors?: string[];
  children: (aria: { id: string; 'aria-describedby': string; 'aria-invalid': boolean }) => ReactNode;
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
