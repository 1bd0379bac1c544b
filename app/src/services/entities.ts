// Create, read, list, update, soft delete and restore for every resource, with authorization, optimistic
// concurrency and the audit trail in one place. Resources add their own rules through hooks.
import type { z } from 'zod';
import type { Database, Queryable } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../http/errors';
import { checkIfMatch } from '../http/etag';
import {
  findRow,
  insertRow,
  listRows,
  updateRow,
  type Filter,
  type Page,
  type Row,
  type TableDef,
} from '../repositories/entities';
import { recordAudit } from './audit';
import { authorizeTeamData, forbidden, type Action } from './permissions';
import { orgRoleAtLeast } from '../auth/principal';

export interface ResourceDef<
  C extends z.ZodObject = z.ZodObject,
  U extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
> extends TableDef {
  /** URL segment under /v1, e.g. `incidents`. */
  path: string;
  /** Audit entity type, e.g. `incident`. */
  entity: string;
  tag: string;
  create: C;
  update: U;
  response: z.ZodObject;
  /** Extra list query parameters and the filters they make. */
  listQuery?: Q;
  filters?: (query: z.output<Q>) => Filter[];
  /** Lists read from the replica pool when one is configured (large, and not read-your-writes critical). */
  listFromReplica: boolean;
  authorize?: (ctx: RequestContext, action: Action, row: Record<string, unknown>) => void;
  prepareCreate?: (
    input: z.output<C>,
    ctx: RequestContext,
    tx: Queryable,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
  prepareUpdate?: (
    existing: Row,
    patch: z.output<U>,
    ctx: RequestContext,
    tx: Queryable,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
  prepareDelete?: (
    existing: Row,
    ctx: RequestContext,
    tx: Queryable,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
  afterWrite?: (
    event: 'create' | 'update' | 'delete' | 'restore',
    row: Row,
    before: Row | undefined,
  ) => void | Promise<void>;
  /** Audit and response view of a row (e.g. without secrets); identity by default. */
  view?: (row: Row) => Record<string, unknown>;
}

/** Any resource, whatever its schemas: what the generic service and routes take (hooks are typed per resource). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyResource = ResourceDef<any, any, any>;

const defaultAuthorize = (ctx: RequestContext, action: Action, row: Record<string, unknown>) =>
  authorizeTeamData(ctx.principal, action, (row.team_id as string | null | undefined) ?? null);

export class EntityService {
  constructor(
    private readonly db: Database,
    private readonly readDb: Database,
    /** Off only in the test that proves row-level security alone keeps tenants apart. */
    private readonly serviceTenantChecks = true,
  ) {}

  private scope(ctx: RequestContext) {
    return this.serviceTenantChecks ? ctx.principal.orgId : null;
  }

  private authorize(def: AnyResource, ctx: RequestContext, action: Action, row: Record<string, unknown>) {
    (def.authorize ?? defaultAuthorize)(ctx, action, row);
  }

  view(def: AnyResource, row: Row) {
    return def.view ? def.view(row) : row;
  }

  async get(def: AnyResource, ctx: RequestContext, id: string, includeDeleted = false): Promise<Row> {
    if (includeDeleted && !orgRoleAtLeast(ctx.principal.orgRole, 'admin'))
      throw forbidden('include_deleted is for admins');
    const row = await this.db.tenantTransaction(ctx.principal.orgId, (tx) =>
      findRow(tx, def, id, { includeDeleted, scope: this.scope(ctx) }),
    );
    if (!row) throw notFound(def, id);
    this.authorize(def, ctx, 'read', row);
    return row;
  }

  async list(def: AnyResource, ctx: RequestContext, query: Record<string, unknown>): Promise<Page> {
    const includeDeleted = query.include_deleted === 'true';
    if (includeDeleted && !orgRoleAtLeast(ctx.principal.orgRole, 'admin'))
      throw forbidden('include_deleted is for admins');
    this.authorize(def, ctx, 'read', {});
    const pool = def.listFromReplica ? this.readDb : this.db;
    return pool.tenantTransaction(ctx.principal.orgId, (tx) =>
      listRows(tx, def, {
        scope: this.scope(ctx),
        filters: def.filters?.(query) ?? [],
        limit: query.limit as number,
        cursor: query.cursor as string | undefined,
        includeDeleted,
      }),
    );
  }

  async create(def: AnyResource, ctx: RequestContext, input: Record<string, unknown>): Promise<Row> {
    this.authorize(def, ctx, 'create', input);
    const row = await this.db.tenantTransaction(ctx.principal.orgId, async (tx) => {
      const values = def.prepareCreate ? await def.prepareCreate(input, ctx, tx) : input;
      const created = await insertRow(tx, def, {
        ...values,
        ...(def.table === 'organizations' ? {} : { org_id: ctx.principal.orgId }),
        created_by: ctx.principal.id,
        updated_by: ctx.principal.id,
      });
      await recordAudit(tx, ctx, {
        action: `${def.entity}.create`,
        entityType: def.entity,
        entityId: created.id,
        after: this.view(def, created),
      });
      return created;
    });
    await def.afterWrite?.('create', row, undefined);
    return row;
  }

  async update(
    def: AnyResource,
    ctx: RequestContext,
    id: string,
    patch: Record<string, unknown>,
    ifMatch: string | string[] | undefined,
  ): Promise<Row> {
    return this.mutate(def, ctx, id, 'update', ifMatch, async (existing, tx) => {
      const values = def.prepareUpdate ? await def.prepareUpdate(existing, patch, ctx, tx) : patch;
      // Moving a row to another team needs the right on the destination too.
      if ('team_id' in values && values.team_id !== existing.team_id) this.authorize(def, ctx, 'create', values);
      return values;
    });
  }

  async remove(
    def: AnyResource,
    ctx: RequestContext,
    id: string,
    ifMatch: string | string[] | undefined,
  ): Promise<Row> {
    return this.mutate(def, ctx, id, 'delete', ifMatch, async (existing, tx) => ({
      ...(def.prepareDelete ? await def.prepareDelete(existing, ctx, tx) : {}),
      deleted_at: new Date(),
      deleted_by: ctx.principal.id,
    }));
  }

  async restore(def: AnyResource, ctx: RequestContext, id: string): Promise<Row> {
    return this.mutate(def, ctx, id, 'restore', undefined, async () => ({ deleted_at: null, deleted_by: null }));
  }

  private async mutate(
    def: AnyResource,
    ctx: RequestContext,
    id: string,
    event: 'update' | 'delete' | 'restore',
    ifMatch: string | string[] | undefined,
    change: (existing: Row, tx: Queryable) => Promise<Record<string, unknown>>,
  ): Promise<Row> {
    let before: Row | undefined;
    const row = await this.db.tenantTransaction(ctx.principal.orgId, async (tx) => {
      // The row lock serializes concurrent writers: the second sees the first's version and fails If-Match.
      const existing = await findRow(tx, def, id, {
        forUpdate: true,
        includeDeleted: event === 'restore',
        scope: this.scope(ctx),
      });
      if (!existing || (event === 'restore' && existing.deleted_at === null)) throw notFound(def, id);
      this.authorize(def, ctx, event === 'update' ? 'update' : 'delete', existing);
      checkIfMatch(ifMatch, existing.version);
      const values = await change(existing, tx);
      const updated = await updateRow(tx, def, id, { ...values, updated_by: ctx.principal.id });
      await recordAudit(tx, ctx, {
        action: `${def.entity}.${event}`,
        entityType: def.entity,
        entityId: id,
        before: this.view(def, existing),
        after: this.view(def, updated),
      });
      before = existing;
      return updated;
    });
    await def.afterWrite?.(event, row, before);
    return row;
  }
}

export const notFound = (def: Pick<ResourceDef, 'entity'>, id: string) =>
  new AppError(404, 'not-found', 'Not Found', `${def.entity} ${id} does not exist`);
