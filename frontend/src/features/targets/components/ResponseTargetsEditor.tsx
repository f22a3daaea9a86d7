import { OUTLET_TIERS, REQUEST_TYPE_LABELS, REQUEST_TYPES, type OutletTier, type RequestType, type ResponseTargetDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { useSession } from '../../auth/hooks/useSession';
import { formatDuration } from '../../metrics/metrics-params';
import { useCreateResponseTarget, useDeleteResponseTarget, useResponseTargets, useUpdateResponseTarget } from '../hooks/useResponseTargets';
import { SelectField } from '../../../components/SelectField';
import { Muted } from '../../../components/Muted';
import { EmptyState } from '../../../components/EmptyState';
import { VisuallyHidden } from '../../../components/VisuallyHidden';
import { Notice } from '../../../components/Notice';
import { InlineForm } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { Button } from '../../../components/Button';

const scopeLabel = (target: Pick<ResponseTargetDto, 'tier' | 'requestType'>) =>
  [target.tier ? `${target.tier} outlets` : null, target.requestType ? REQUEST_TYPE_LABELS[target.requestType].toLowerCase() : null].filter(Boolean).join(', ') ||
  'Every inquiry (default)';

/** The targets in force; admins add, change and remove them, managers read them. */
export function ResponseTargetsEditor() {
  const id = useId();
  const isAdmin = useSession().data?.user.role === 'admin';
  const targets = useResponseTargets();
  const create = useCreateResponseTarget();
  const update = useUpdateResponseTarget();
  const remove = useDeleteResponseTarget();
  const [tier, setTier] = useState<OutletTier | ''>('');
  const [requestType, setRequestType] = useState<RequestType | ''>('');
  const [minutes, setMinutes] = useState('30');
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const error = create.error ?? update.error ?? remove.error;

  const add = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ tier: tier || null, requestType: requestType || null, minutes: Number(minutes) });
  };

  return (
    <details className="response-targets">
      <summary>Targets in force ({targets.data?.length ?? '…'})</summary>
      <Muted as="p">
        Office minutes from receipt to the first public reply. The most specific target applies: tier and type, then type, then tier, then the default.
      </Muted>
      {targets.data && targets.data.length === 0 && <EmptyState>No targets yet.</EmptyState>}
      {targets.data && targets.data.length > 0 && (
        <ul className="response-targets__list">
          {targets.data.map((target) => (
            <li key={target.id}>
              {scopeLabel(target)}: <strong>{formatDuration(target.minutes * 60)}</strong>
              {isAdmin && (
                <>
                  {' '}
                  {editing === target.id ? (
                    <InlineForm className="response-targets__change"
                      onSubmit={(event) => {
                        event.preventDefault();
                        update.mutate({ id: target.id, minutes: Number(draft) }, { onSuccess: () => setEditing(null) });
                      }}
                    >
                      <VisuallyHidden as="label" htmlFor={`${id}-${target.id}`}>
                        Office minutes for {scopeLabel(target)}
                      </VisuallyHidden>
                      <input id={`${id}-${target.id}`} type="number" min={1} max={43200} step={1} value={draft} onChange={(event) => setDraft(event.currentTarget.value)} required />
                      <Button type="submit" disabled={update.isPending}>
                        Save
                      </Button>
                      <Button variant="quiet" type="button" onClick={() => setEditing(null)}>
                        Cancel
                      </Button>
                    </InlineForm>
                  ) : (
                    <Button variant="link"
                      type="button"
                      onClick={() => {
                        setEditing(target.id);
                        setDraft(String(target.minutes));
                      }}
                    >
                      Change
                    </Button>
                  )}{' '}
                  <Button variant="link" type="button" onClick={() => remove.mutate(target.id)}>
                    Remove
                  </Button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {isAdmin && (
        <InlineForm onSubmit={add}>
          <SelectField label="Outlet tier" value={tier} values={OUTLET_TIERS} emptyLabel="Any tier" onChange={setTier} />
          <SelectField label="Request type" value={requestType} values={REQUEST_TYPES} emptyLabel="Any type" optionLabel={(type) => REQUEST_TYPE_LABELS[type]} onChange={setRequestType} />
          <Field>
            <label htmlFor={`${id}-minutes`}>Office minutes</label>
            <input id={`${id}-minutes`} type="number" min={1} max={43200} step={1} value={minutes} onChange={(event) => setMinutes(event.currentTarget.value)} required />
          </Field>
          <Button type="submit" disabled={create.isPending}>
            Add target
          </Button>
        </InlineForm>
      )}
      {error && (
        <Notice tone="error" role="alert">
          {error.message}
        </Notice>
      )}
    </details>
  );
}
