import { TEMPLATE_KINDS, TEMPLATE_VARIABLES, type TemplateKind, type CreateTemplateRequest, type UpdateTemplateRequest } from '@newsdesk/shared';
import { ACKNOWLEDGEMENT_LANGUAGES } from '../acknowledgements/acknowledgement-languages.js';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, ValidateIf, IsNotEmpty, IsOptional, IsString, MaxLength, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

@ValidatorConstraint({ name: 'knownVariables' })
class KnownVariables implements ValidatorConstraintInterface {
  validate(body: unknown): boolean {
    if (typeof body !== 'string') return false;
    return [...body.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].every((match) => (TEMPLATE_VARIABLES as readonly string[]).includes(match[1]));
  }
  defaultMessage(): string {
    return `body uses an unknown {{variable}}; available: ${TEMPLATE_VARIABLES.map((name) => `{{${name}}}`).join(', ')}`;
  }
}

const LANGUAGE_CODES = ACKNOWLEDGEMENT_LANGUAGES.map((language) => language.code);

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateTemplateDto implements CreateTemplateRequest {
  @IsIn(TEMPLATE_KINDS, { message: `kind must be one of: ${TEMPLATE_KINDS.join(', ')}` })
  kind: TemplateKind;

  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(120)
  name: string;

  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(20_000)
  @Validate(KnownVariables)
  body: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** null = any language. */
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsIn(LANGUAGE_CODES, { message: `language must be one of: ${LANGUAGE_CODES.join(', ')} (or null for any language)` })
  language?: string | null;
}

export class UpdateTemplateDto implements UpdateTemplateRequest {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(120)
  name?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(20_000)
  @Validate(KnownVariables)
  body?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** null = any language. */
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsIn(LANGUAGE_CODES, { message: `language must be one of: ${LANGUAGE_CODES.join(', ')} (or null for any language)` })
  language?: string | null;
}

export class PreviewTemplateDto {
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(20_000)
  @Validate(KnownVariables)
  body: string;
}
