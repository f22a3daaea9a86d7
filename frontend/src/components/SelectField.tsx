import { useId } from 'react';
import { Field } from './Field';

interface SelectFieldProps<T extends string> {
  label: string;
  /** Only where something else points at the drop-down; otherwise one is made up. */
  id?: string;
  disabled?: boolean;
  /** What is chosen now ('' or undefined for the empty choice). */
  value: string | undefined;
  values: readonly T[];
  /** The first choice, meaning none or any ("Not set", "Any state"); without it one of the values must be chosen. */
  emptyLabel?: string;
  optionLabel?: (value: T) => string;
  /** The chosen value, or '' for the empty choice. */
  onChange: (value: T | '') => void;
}

/** A labelled drop-down of a fixed list of values (a tier, a delivery state, an intake door). */
export function SelectField<T extends string>({ label, id, disabled, value, values, emptyLabel, optionLabel = (option) => option, onChange }: SelectFieldProps<T>) {
  const madeUpId = useId();
  const selectId = id ?? madeUpId;
  return (
    <Field>
      <label htmlFor={selectId}>{label}</label>
      <select id={selectId} value={value ?? ''} disabled={disabled} onChange={(event) => onChange(values.find((option) => option === event.currentTarget.value) ?? '')}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {values.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </Field>
  );
}
