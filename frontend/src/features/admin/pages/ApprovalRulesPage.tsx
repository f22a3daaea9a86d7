import { OUTLET_TIERS, type ApprovalRuleDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useApprovalRules, useCreateApprovalRule, useDeleteApprovalRule } from '../../approvals/hooks/useApprovals';
import { FormError } from '../../../components/FormError';
import { SelectField } from '../../../components/SelectField';
import { Muted } from '../../../components/Muted';
import { EmptyState } from '../../../components/EmptyState';
import { Card, CardList } from '../../../components/Card';
import { Form } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { Button } from '../../../components/Button';
import styles from './ApprovalRulesPage.module.css';

type RuleKind = ApprovalRuleDto['kind'];

const RULE_KINDS: readonly RuleKind[] = ['all_statements', 'topic', 'outlet_tier'];

const RULE_KIND_LABELS: Record<RuleKind, string> = {
  all_statements: 'Every statement',
  topic: 'Inquiries with a topic (tag)',
  outlet_tier: 'Inquiries from an outlet tier',
};

function describeRule(rule: ApprovalRuleDto): string {
  if (rule.kind === 'all_statements') return 'Every reply sent as a statement needs approval';
  if (rule.kind === 'topic') return `Replies on inquiries tagged “${rule.value}” need approval`;
  return `Replies to ${rule.value} outlets need approval`;
}

/** Which replies must be signed off before they go out (admins). */
export function ApprovalRulesPage() {
  const rules = useApprovalRules();
  const remove = useDeleteApprovalRule();

  return (
    <>
      <title>Approval rules · Newsdesk</title>
      <h1>Approval rules</h1>
      <Muted as="p">
        A reply any rule covers is held until a manager, an admin or a designated approver signs it off. Give press officers the approver right under
        Users.
      </Muted>
      {rules.isPending && <p role="status">Loading rules…</p>}
      {rules.isError && <ErrorPanel title="The rules could not load." error={rules.error} onRetry={() => void rules.refetch()} />}
      <FormError error={remove.error} />
      {rules.isSuccess && rules.data.length === 0 && <EmptyState>No rules: replies need approval only when their author asks for it.</EmptyState>}
      {rules.data && rules.data.length > 0 && (
        <CardList>
          {rules.data.map((rule) => (
            <Card as="li" key={rule.id} className={styles.rule}>
              <span>{describeRule(rule)}</span>
              <Button
                type="button"
                disabled={remove.isPending}
                aria-label={`Remove the rule: ${describeRule(rule)}`}
                onClick={() => remove.mutate(rule.id)}
              >
                Remove
              </Button>
            </Card>
          ))}
        </CardList>
      )}
      <NewRuleForm />
    </>
  );
}

function NewRuleForm() {
  const id = useId();
  const create = useCreateApprovalRule();
  const [kind, setKind] = useState<RuleKind>('all_statements');
  const [topic, setTopic] = useState('');
  const [tier, setTier] = useState<string>(OUTLET_TIERS[0]);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const value = kind === 'topic' ? topic.trim().toLowerCase() : kind === 'outlet_tier' ? tier : undefined;
    if (kind === 'topic' && !value) return;
    create.mutate({ kind, value }, { onSuccess: () => setTopic('') });
  }

  return (
    <Form card columns onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add a rule</h2>
      <Field>
        <label htmlFor={`${id}-kind`}>Needs approval</label>
        <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(RULE_KINDS.find((k) => k === event.currentTarget.value) ?? 'all_statements')}>
          {RULE_KINDS.map((value) => (
            <option key={value} value={value}>
              {RULE_KIND_LABELS[value]}
            </option>
          ))}
        </select>
      </Field>
      {kind === 'topic' && (
        <Field>
          <label htmlFor={`${id}-topic`}>Topic</label>
          <input id={`${id}-topic`} value={topic} onChange={(event) => setTopic(event.currentTarget.value)} required maxLength={64} placeholder="legal" />
        </Field>
      )}
      {kind === 'outlet_tier' && (
        <SelectField label="Outlet tier" value={tier} values={OUTLET_TIERS} onChange={setTier} />
      )}
      <FormError error={create.error} />
      <div>
        <Button variant="primary" type="submit" disabled={create.isPending}>
          Add rule
        </Button>
      </div>
    </Form>
  );
}
