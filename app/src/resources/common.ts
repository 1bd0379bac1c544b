import { z } from 'zod';

/** Columns every entity returns besides its own. */
export const ENTITY_COLUMNS = [
  'id',
  'org_id',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'version',
  'deleted_at',
  'deleted_by',
] as const;

export const entityResponse = {
  id: z.uuid(),
  org_id: z.uuid(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  created_by: z.uuid().nullable(),
  updated_by: z.uuid().nullable(),
  version: z.int(),
  deleted_at: z.iso.datetime().nullable(),
  deleted_by: z.uuid().nullable(),
};

export const name = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `at most ${max} characters` });
export const text = z.string().max(10_000, { error: 'at most 10000 characters' });
export const slug = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'lowercase letters, digits and single hyphens' });
export const tags = z.array(z.string().min(1).max(100)).max(50, { error: 'at most 50 tags' });
/** A JSON object of bounded size: stored as jsonb. */
export const jsonObject = z
  .record(z.string(), z.unknown())
  .refine((v) => JSON.stringify(v).length <= 65_536, { error: 'at most 64 KiB of JSON' });
export const bool = z.enum(['true', 'false'], { error: 'expected true or false' }).transform((v) => v === 'true');
export const timestamp = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' });

/** Derives a slug from a display name: lowercase ASCII words joined by hyphens. */
export function slugify(value: string): string {
  const s = value
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/g, '');
  return s || 'org';
}
