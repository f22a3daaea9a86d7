import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

function flatten(errors: ValidationError[], parent = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // One message per field once: a DTO may give several checks of a field the same sentence.
    const own = error.constraints ? [{ field, messages: [...new Set(Object.values(error.constraints))] }] : [];
    return own.concat(flatten(error.children ?? [], field));
  });
}

/** Whitelisting pipe: unknown fields are refused, so nothing undeclared can be mass-assigned. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
