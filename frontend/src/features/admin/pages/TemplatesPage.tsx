import { MAIL_LANGUAGES, TEMPLATE_KINDS, TEMPLATE_VARIABLES, type TemplateDto, type TemplateKind } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useTemplates } from '../../templates/hooks/useTemplates';
import { useCreateTemplate, useDeleteTemplate, usePreviewTemplate, useUpdateTemplate } from '../hooks/useTemplateAdmin';
import { MailFrame } from '../../tickets/components/MailFrame';
import { FormError } from '../../../components/FormError';
import { EmptyState } from '../../../components/EmptyState';
import { Muted } from '../../../components/Muted';
import { Badge } from '../../../components/Badge';
import { PageHeader } from '../../../components/Page';
import { Card, CardList, CardTitle } from '../../../components/Card';
import { Form } from '../../../components/Form';
import { CheckboxField, Field, FieldHint } from '../../../components/Field';
import { Button, ButtonRow } from '../../../components/Button';
import styles from './TemplatesPage.module.css';

const KIND_LABELS: Record<TemplateKind, string> = { acknowledgement: 'Acknowledgement', reply: 'Reply' };

/** Approved lines and the automatic acknowledgement (admins and managers). */
export function TemplatesPage() {
  const templates = useTemplates();
  const remove = useDeleteTemplate();
  const [editing, setEditing] = useState<TemplateDto | 'new' | null>(null);

  return (
    <>
      <title>Templates · Newsdesk</title>
      <PageHeader>
        <h1>Templates</h1>
        <Button variant="primary" type="button" onClick={() => setEditing('new')}>
          New template
        </Button>
      </PageHeader>
      {templates.isPending && <p role="status">Loading templates…</p>}
      {templates.isError && <ErrorPanel title="Templates could not load." error={templates.error} onRetry={() => void templates.refetch()} />}
      <FormError error={remove.error} />
      {editing && <TemplateForm key={editing === 'new' ? 'new' : editing.id} template={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {templates.data && templates.data.length === 0 && <EmptyState>No templates yet.</EmptyState>}
      {templates.data && templates.data.length > 0 && (
        <CardList>
          {templates.data.map((template) => (
            <Card as="li" key={template.id}>
              <CardTitle>
                {template.name} <Muted>· {KIND_LABELS[template.kind]}</Muted>
                {template.language && <Badge>{MAIL_LANGUAGES.find((option) => option.code === template.language)?.name ?? template.language}</Badge>}
                {!template.active && <Badge>inactive</Badge>}
              </CardTitle>
              <div className={styles.renderedPreview} aria-label={`Preview of ${template.name}`}>
                <MailFrame messageId={`template-${template.id}`} html={template.previewHtml} text={template.body} attachments={[]} showImages={false} title={`Preview of ${template.name} with sample values`} />
              </div>
              <details>
                <summary>Markdown source</summary>
                <pre className={styles.templateBody}>{template.body}</pre>
              </details>
              <ButtonRow>
                <Button type="button" onClick={() => setEditing(template)} aria-label={`Edit ${template.name}`}>
                  Edit
                </Button>
                <Button
                  type="button"
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(`Delete the template “${template.name}”?`)) remove.mutate(template.id);
                  }}
                  aria-label={`Delete ${template.name}`}
                >
                  Delete
                </Button>
              </ButtonRow>
            </Card>
          ))}
        </CardList>
      )}
    </>
  );
}

function TemplateForm({ template, onDone }: { template: TemplateDto | null; onDone: () => void }) {
  const id = useId();
  const create = useCreateTemplate();
  const update = useUpdateTemplate();
  const [kind, setKind] = useState<TemplateKind>(template?.kind ?? 'reply');
  const [name, setName] = useState(template?.name ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [active, setActive] = useState(template?.active ?? true);
  const [language, setLanguage] = useState(template?.language ?? '');
  const mutation = template ? update : create;
  const preview = usePreviewTemplate();

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (template) update.mutate({ id: template.id, patch: { name, body, active, language: language || null } }, { onSuccess: onDone });
    else create.mutate({ kind, name, body, active, language: language || null }, { onSuccess: onDone });
  }

  return (
    <Form card onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{template ? `Edit “${template.name}”` : 'New template'}</h2>
      <FormError error={mutation.error} />
      {!template && (
        <Field>
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(TEMPLATE_KINDS.find((k) => k === event.currentTarget.value) ?? 'reply')}>
            {TEMPLATE_KINDS.map((value) => (
              <option key={value} value={value}>
                {KIND_LABELS[value]}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field>
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} onChange={(event) => setName(event.currentTarget.value)} required maxLength={120} />
      </Field>
      <Field>
        <label htmlFor={`${id}-language`}>Language</label>
        <select id={`${id}-language`} value={language} onChange={(event) => setLanguage(event.currentTarget.value)} aria-describedby={`${id}-language-hint`}>
          <option value="">Any language</option>
          {MAIL_LANGUAGES.map((option) => (
            <option key={option.code} value={option.code}>
              {option.name}
            </option>
          ))}
        </select>
        <FieldHint id={`${id}-language-hint`}>
          An acknowledgement in a language goes to inquiries written in it, before one for any language; with neither, the built-in text in the inquiry’s language is sent.
        </FieldHint>
      </Field>
      <Field>
        <label htmlFor={`${id}-body`}>Text (Markdown)</label>
        <textarea id={`${id}-body`} value={body} onChange={(event) => setBody(event.currentTarget.value)} rows={8} required aria-describedby={`${id}-vars`} />
        <FieldHint id={`${id}-vars`}>
          Variables: {TEMPLATE_VARIABLES.map((variable) => `{{${variable}}}`).join(', ')}
        </FieldHint>
      </Field>
      <Field>
        <Button type="button" disabled={!body.trim() || preview.isPending} onClick={() => preview.mutate(body)}>
          Preview
        </Button>
        <FormError error={preview.error} />
        {preview.data && preview.variables === body && (
          <div className={styles.renderedPreview} aria-label="Preview of the text being edited">
            <MailFrame messageId={`template-draft-${id}`} html={preview.data.html} text={body} attachments={[]} showImages={false} title="Preview of the text being edited, with sample values" />
          </div>
        )}
      </Field>
      <CheckboxField>
        <input id={`${id}-active`} type="checkbox" checked={active} onChange={(event) => setActive(event.currentTarget.checked)} />
        <label htmlFor={`${id}-active`}>Active</label>
      </CheckboxField>
      <ButtonRow>
        <Button variant="primary" type="submit" disabled={mutation.isPending}>
          Save template
        </Button>
        <Button type="button" onClick={onDone}>
          Cancel
        </Button>
      </ButtonRow>
    </Form>
  );
}
