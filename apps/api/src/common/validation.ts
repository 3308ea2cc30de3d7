import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { PlatformError } from '@kubelab/platform';

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** DTOs are validated at the edge; unknown fields are refused, not silently dropped. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const details = flatten(errors);
    return new PlatformError(
      'validation_failed',
      `Invalid request: ${details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ')}`,
      details,
    );
  },
});
