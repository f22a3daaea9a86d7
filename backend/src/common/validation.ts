import { BadRequestException, ValidationPipe, type ArgumentMetadata, type Type, type ValidationError } from '@nestjs/common';

function flatten(errors: ValidationError[], parent = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // One message per field once: a DTO may give several checks of a field the same sentence.
    const own = error.constraints ? [{ field, messages: [...new Set(Object.values(error.constraints))] }] : [];
    return own.concat(flatten(error.children ?? [], field));
  });
}

/**
 * A hand-written check of a hot route's DTO: the instance class-validator would give for input that is
 * plainly valid, or null for anything else (the full pipe then decides, so every 400 keeps its message).
 */
export type FastValidation<T> = (value: unknown) => T | null;

const fastValidations = new Map<Type<unknown>, FastValidation<unknown>>();

/** Registers a DTO's fast path; its spec must show it accepts only what the full pipe accepts, with the same result. */
export function registerFastValidation<T>(type: Type<T>, validate: FastValidation<T>): void {
  fastValidations.set(type, validate);
}

class WhitelistValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const fast = metadata.metatype ? fastValidations.get(metadata.metatype) : undefined;
    return (fast && fast(value)) ?? super.transform(value, metadata);
  }
}

/** Whitelisting pipe: unknown fields are refused, so nothing undeclared can be mass-assigned. `fast: false` skips the fast paths (their specs' oracle). */
export function createValidationPipe({ fast = true }: { fast?: boolean } = {}): ValidationPipe {
  return new (fast ? WhitelistValidationPipe : ValidationPipe)({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.flatMap((detail) => detail.messages).join('; ');
      return new BadRequestException({ message: message || 'Invalid request', details });
    },
  });
}
