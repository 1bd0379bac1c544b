// The six routes every resource has: list, create, get, patch, soft delete, restore.
import { z } from 'zod';
import type { ApiRegistry } from '../http/api-registry';
import { etagOf } from '../http/etag';
import { idParams } from '../http/validation';
import { page, pageQuery } from '../repositories/pagination';
import type { AnyResource, EntityService } from '../services/entities';

/** `create: false` when the resource creates through a route of its own (e.g. API keys, shown once). */
export function registerEntityRoutes(
  api: ApiRegistry,
  service: EntityService,
  def: AnyResource,
  options: { create?: boolean } = {},
): void {
  const base = `/v1/${def.path}`;
  const reply = (status: number, row: Parameters<EntityService['view']>[1], extra: Record<string, string> = {}) => ({
    status,
    body: service.view(def, row),
    headers: { etag: etagOf(row.version), ...extra },
  });
  const getQuery = z.object({ include_deleted: pageQuery.shape.include_deleted });

  api.add({
    method: 'get',
    path: base,
    tag: def.tag,
    summary: `List ${def.path} (newest first, keyset-paginated)`,
    query: def.listQuery ? pageQuery.extend(def.listQuery.shape) : pageQuery,
    responses: { 200: { description: 'A page', schema: page(def.response) } },
    handler: async ({ query, ctx }) => {
      const result = await service.list(def, ctx, query);
      return { status: 200, body: { ...result, items: result.items.map((r) => service.view(def, r)) } };
    },
  });
  if (options.create !== false)
    api.add({
      method: 'post',
      path: base,
      tag: def.tag,
      summary: `Create a ${def.entity}`,
      body: def.create,
      responses: { 201: { description: 'Created', schema: def.response } },
      handler: async ({ body, ctx }) => {
        const row = await service.create(def, ctx, body as Record<string, unknown>);
        return reply(201, row, { location: `${base}/${row.id}` });
      },
    });
  api.add({
    method: 'get',
    path: `${base}/:id`,
    tag: def.tag,
    summary: `Get a ${def.entity}`,
    params: idParams,
    query: getQuery,
    responses: { 200: { description: 'The resource; ETag is its version', schema: def.response } },
    handler: async ({ params, query, ctx }) =>
      reply(200, await service.get(def, ctx, params.id, query.include_deleted === 'true')),
  });
  api.add({
    method: 'patch',
    path: `${base}/:id`,
    tag: def.tag,
    summary: `Update a ${def.entity} (If-Match: its ETag, else 412)`,
    params: idParams,
    body: def.update,
    responses: { 200: { description: 'Updated', schema: def.response } },
    handler: async ({ params, body, ctx, headers }) =>
      reply(200, await service.update(def, ctx, params.id, body as Record<string, unknown>, headers['if-match'])),
  });
  api.add({
    method: 'delete',
    path: `${base}/:id`,
    tag: def.tag,
    summary: `Soft-delete a ${def.entity} (restorable)`,
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params, ctx, headers }) => {
      await service.remove(def, ctx, params.id, headers['if-match']);
      return { status: 204 };
    },
  });
  api.add({
    method: 'post',
    path: `${base}/:id/restore`,
    tag: def.tag,
    summary: `Restore a soft-deleted ${def.entity}`,
    params: idParams,
    responses: { 200: { description: 'Restored', schema: def.response } },
    handler: async ({ params, ctx }) => reply(200, await service.restore(def, ctx, params.id)),
  });
}
