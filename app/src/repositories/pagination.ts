// Keyset pagination: the cursor carries the last row's sort key (microsecond timestamp text, id), so pages follow
// the sort order exactly and rows inserted meanwhile cause neither duplicates nor gaps.
import { z } from 'zod';
import { AppError } from '../http/errors';

const cursorSchema = z.object({ t: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), i: z.uuid() });
export type Cursor = z.infer<typeof cursorSchema>;

export const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

export function decodeCursor(raw: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw new AppError(400, 'validation', 'Invalid request', 'cursor is not one this API returned', {
      errors: [{ in: 'query', field: 'cursor', message: 'invalid cursor' }],
    });
  }
}

export const pageQuery = z.object({
  limit: z.coerce
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .min(1, { error: 'expected 1..200' })
    .max(200, { error: 'expected 1..200' })
    .default(50),
  cursor: z.string().max(500).optional(),
  include_deleted: z.enum(['true', 'false'], { error: 'expected true or false' }).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable(), has_more: z.boolean() });
