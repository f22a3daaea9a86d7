import type { TemplateDto } from '@newsdesk/shared';
import { Field } from '../../../../components/Field';

interface TemplatePickerProps {
  id: string;
  templates: TemplateDto[] | undefined;
  selected: string;
  onChoose: (template: TemplateDto | undefined) => void;
}

/** The active reply templates; choosing one inserts it filled in. */
export function TemplatePicker({ id, templates, selected, onChoose }: TemplatePickerProps) {
  return (
    <Field>
      <label htmlFor={id}>Template</label>
      <select id={id} value={selected} onChange={(event) => onChoose(templates?.find((template) => template.id === event.currentTarget.value))} disabled={!templates?.length}>
        <option value="">{templates?.length ? 'Insert a template…' : 'No templates'}</option>
        {templates
          ?.filter((template) => template.active)
          .map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))}
      </select>
    </Field>
  );
}
