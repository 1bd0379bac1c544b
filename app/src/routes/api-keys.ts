import { z } from 'zod';
import { generateApiKey } from '../auth/api-keys';
import type { ApiRegistry } from '../http/api-registry';
import { etagOf } from '../http/etag';
import { apiKeyCreate } from '../resources/api-keys';
import type { AnyResource, EntityService } from '../services/entities';
import { registerEntityRoutes } from './entity-routes';

export function registerApiKeyRoutes(api: ApiRegistry, entities: EntityService, def: AnyResource): void {
  api.add({
    method: 'post',
    path: '/v1/api-keys',
    tag: def.tag,
    summary: 'Create an API key; its token (bmk_<prefix>_<secret>) is in this response only',
    body: apiKeyCreate,
    responses: { 201: { description: 'Created', schema: def.response.extend({ token: z.string() }) } },
    handler: async ({ body, ctx }) => {
      const key = generateApiKey();
      const row = await entities.create(def, ctx, { ...body, prefix: key.prefix, secret_hash: key.secretHash });
      return {
        status: 201,
        body: { ...row, token: key.token },
        headers: { etag: etagOf(row.version), location: `/v1/api-keys/${row.id}` },
      };
    },
  });
  registerEntityRoutes(api, entities, def, { create: false });
}
