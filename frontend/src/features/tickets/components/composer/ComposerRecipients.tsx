import { Muted } from '../../../../components/Muted';
import { Notice } from '../../../../components/Notice';
import { Field } from '../../../../components/Field';
import styles from './Composer.module.css';

interface ComposerRecipientsProps {
  id: string;
  recipient: string | null | undefined;
  cc: string;
  onCcChange: (cc: string) => void;
}

/** Who the reply goes to: the journalist, plus anyone copied. */
export function ComposerRecipients({ id, recipient, cc, onCcChange }: ComposerRecipientsProps) {
  return (
    <>
      <p className={styles.to}>
        <Muted>To</Muted> {recipient ?? <Notice as="span" tone="error">no journalist address</Notice>}
      </p>
      <Field>
        <label htmlFor={id}>Cc</label>
        <input id={id} value={cc} onChange={(event) => onCcChange(event.currentTarget.value)} placeholder="desk@paper.example" />
      </Field>
    </>
  );
}
