import { CheckboxField, Field } from '../../../../components/Field';
import styles from '../ScheduledSend.module.css';

interface ScheduleSendFieldsProps {
  id: string;
  scheduling: boolean;
  scheduleAt: string;
  onSchedulingChange: (scheduling: boolean) => void;
  onScheduleAtChange: (scheduleAt: string) => void;
}

/** "Send later" and, when ticked, the local time to send at. */
export function ScheduleSendFields({ id, scheduling, scheduleAt, onSchedulingChange, onScheduleAtChange }: ScheduleSendFieldsProps) {
  return (
    <div className={styles.scheduledSend}>
      <CheckboxField>
        <input id={`${id}-schedule`} type="checkbox" checked={scheduling} onChange={(event) => onSchedulingChange(event.currentTarget.checked)} />
        <label htmlFor={`${id}-schedule`}>Send later</label>
      </CheckboxField>
      {scheduling && (
        <Field>
          <label htmlFor={`${id}-send-at`}>Send at</label>
          <input id={`${id}-send-at`} type="datetime-local" value={scheduleAt} onChange={(event) => onScheduleAtChange(event.currentTarget.value)} required />
        </Field>
      )}
    </div>
  );
}
