import { z } from 'zod';
import { AppError } from './errors';

/** Parses one part of a request; a failure is a 400 problem listing each bad field, never a 500. */
export function parseOr400<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'body' | 'query' | 'path' | 'header',
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    in: where,
    field: issue.path.join('.') || where,
    message: issue.message,
  }));
  throw new AppError(
    400,
    'validation',
    'Invalid request',
    `invalid ${where}: ${errors.map((e) => e.field).join(', ')}`,
    {
      errors,
    },
  );
}

export const uuid = z.uuid({ error: 'expected a UUID' });
export const idParams = z.object({ id: uuid });
