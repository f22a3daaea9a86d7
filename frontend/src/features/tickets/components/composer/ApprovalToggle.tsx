import { CheckboxField, FieldHint } from '../../../../components/Field';
interface ApprovalToggleProps {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** Asks for an approver's sign-off before the reply goes out. */
export function ApprovalToggle({ id, checked, onChange }: ApprovalToggleProps) {
  return (
    <CheckboxField>
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.currentTarget.checked)} aria-describedby={`${id}-hint`} />
      <label htmlFor={id}>Send for approval</label>
      <FieldHint as="span" id={`${id}-hint`}>
        An approver signs it off before it goes out.
      </FieldHint>
    </CheckboxField>
  );
}
