interface ApprovalToggleProps {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** Asks for an approver's sign-off before the reply goes out. */
export function ApprovalToggle({ id, checked, onChange }: ApprovalToggleProps) {
  return (
    <div className="checkbox-field">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.currentTarget.checked)} aria-describedby={`${id}-hint`} />
      <label htmlFor={id}>Send for approval</label>
      <span id={`${id}-hint`} className="field__hint">
        An approver signs it off before it goes out.
      </span>
    </div>
  );
}
