import { useId, type InputHTMLAttributes } from 'react';
import { Field, FieldError, FieldHint } from './Field';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  name: string;
  hint?: string;
  errors?: string[];
}

/** A labelled input whose hint and errors are read out with it. */
export function TextField({ label, hint, errors = [], className, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, errors.length > 0 ? errorId : null].filter(Boolean).join(' ');

  return (
    <Field className={className}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint && <FieldHint id={hintId}>{hint}</FieldHint>}
      {errors.length > 0 && <FieldError id={errorId}>{errors.join(' ')}</FieldError>}
    </Field>
  );
}
