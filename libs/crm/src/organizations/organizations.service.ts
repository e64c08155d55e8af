import { AuditActor, AuditService } from '@app/audit';
import {
  AppException,
  decodeKeysetCursor,
  encodeKeysetCursor,
  foldForSearch,
  Page,
  pageLimit,
  pageTotalOf,
  takePage,
} from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { refreshSearchTextForOrganization } from '../contacts/contact-search-refresh';
import { isUniqueViolation } from '../contacts/pg-errors';
import { Region } from '../regions/region.entity';
import { createRegionOfName } from '../regions/region-matcher';
import { ORGANIZATION_KINDS, Organization } from './organization.entity';
import { OrganizationInput, OrganizationListQuery, OrganizationView } from './organization-input';

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function trimOrNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Organisations by name (their folded name_key), keyset-paged on (name_key, id), with their total. */
  async list(query: OrganizationListQuery = {}): Promise<Page<OrganizationView>> {
    const limit = pageLimit(query.limit);
    const qb = this.dataSource.getRepository(Organization).createQueryBuilder('o');
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.regionId !== undefined) qb.andWhere('o.region_id = :regionId', { regionId: query.regionId });
    if (query.q && query.q.trim()) {
      // Organisations are few (hundreds): folding short_name on the fly is cheap; name_key is already folded.
      const word = `%${escapeLike(foldForSearch(query.q))}%`;
      qb.andWhere(`(o.name_key LIKE :q OR lower(coalesce(o.short_name, '')) LIKE :q)`, { q: word });
    }
    const pageQb = qb
      .clone()
      .leftJoinAndSelect('o.region', 'r')
      .orderBy('o.name_key', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(limit + 1);
    if (query.cursor) {
      const [nameKey, id] = decodeKeysetCursor(query.cursor, ['text', 'uuid']);
      pageQb.andWhere('(o.name_key, o.id) > (:seekName, CAST(:seekId AS uuid))', {
        seekName: nameKey,
        seekId: id,
      });
    }
    const [rows, total] = await Promise.all([pageQb.getMany(), pageTotalOf(qb)]);
    const page = takePage(rows, limit, (last) => encodeKeysetCursor([last.nameKey, last.id]));
    const counts = await this.contactCounts(page.rows.map((o) => o.id));
    return {
      items: page.rows.map((o) => this.toView(o, counts.get(o.id) ?? 0)),
      nextCursor: page.nextCursor,
      ...total,
    };
  }

  async get(id: string): Promise<OrganizationView> {
    const org = await this.findOrFail(this.dataSource.manager, id);
    const counts = await this.contactCounts([id]);
    return this.toView(org, counts.get(id) ?? 0);
  }

  async create(input: OrganizationInput): Promise<OrganizationView> {
    if (input.kind === undefined) throw AppException.validation('Fältet kind saknas', { field: 'kind' });
    if (input.name === undefined) throw AppException.validation('Fältet name saknas', { field: 'name' });
    const values = await this.validated(input);
    try {
      const saved = await this.dataSource.getRepository(Organization).save(
        this.dataSource.getRepository(Organization).create({
          kind: values.kind,
          name: values.name,
          nameKey: foldForSearch(values.name as string),
          shortName: values.shortName ?? null,
          regionId: values.regionId ?? null,
          website: values.website ?? null,
          notes: values.notes ?? null,
        }),
      );
      return this.get(saved.id);
    } catch (err) {
      throw this.translateConflict(err, values.name as string);
    }
  }

  /**
   * A change of kind is audited with from and to (the kind decides who counts as a member organisation in
   * the reports), and so is a change of region; both in the transaction of the change.
   */
  async update(id: string, input: OrganizationInput, actor: AuditActor = {}): Promise<OrganizationView> {
    const values = await this.validated(input);
    try {
      await this.dataSource.transaction(async (m) => {
        const org = await this.findOrFail(m, id, true);
        const renamed = values.name !== undefined && values.name !== org.name;
        const before = { kind: org.kind, regionId: org.regionId };
        if (values.kind !== undefined) org.kind = values.kind;
        if (values.name !== undefined) {
          org.name = values.name;
          org.nameKey = foldForSearch(values.name);
        }
        if (values.shortName !== undefined) org.shortName = values.shortName;
        if (values.regionId !== undefined) org.regionId = values.regionId;
        else if (org.kind === 'region' && before.kind !== 'region' && org.regionId === null) {
          // Made a region without saying which: the one its name names ("Region Dalarna"), if any.
          org.regionId = createRegionOfName(await m.getRepository(Region).find())(org.name)?.id ?? null;
        }
        if (values.website !== undefined) org.website = values.website;
        if (values.notes !== undefined) org.notes = values.notes;
        delete org.region;
        await m.getRepository(Organization).save(org);
        // Search matches on the organisation name, so its contacts' search text follows a rename.
        if (renamed) await refreshSearchTextForOrganization(m, id, org.name);
        const audited = (action: string, from: unknown, to: unknown) =>
          this.audit.record(
            {
              action,
              actor,
              targetType: 'organization',
              targetId: id,
              details: { name: org.name, from, to },
            },
            m,
          );
        if (org.kind !== before.kind) await audited('organization.kind_changed', before.kind, org.kind);
        if (org.regionId !== before.regionId) {
          await audited('organization.region_changed', before.regionId, org.regionId);
        }
      });
    } catch (err) {
      throw this.translateConflict(err, values.name ?? '');
    }
    return this.get(id);
  }

  /** The organisation's contacts stay, without organisation (and no longer found by its name). */
  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.findOrFail(m, id, true);
      await refreshSearchTextForOrganization(m, id, null);
      await m.getRepository(Organization).delete({ id });
    });
  }

  private async validated(input: OrganizationInput): Promise<OrganizationInput> {
    const out: OrganizationInput = {};
    if (input.kind !== undefined) {
      if (!ORGANIZATION_KINDS.includes(input.kind)) {
        throw AppException.validation(`Ogiltig organisationstyp i fältet kind: ${String(input.kind)}`, {
          field: 'kind',
        });
      }
      out.kind = input.kind;
    }
    if (input.name !== undefined) {
      const name = (input.name ?? '').replace(/\s+/g, ' ').trim();
      if (!name) throw AppException.validation('Fältet name får inte vara tomt', { field: 'name' });
      out.name = name;
    }
    if (input.shortName !== undefined) out.shortName = trimOrNull(input.shortName);
    if (input.website !== undefined) out.website = trimOrNull(input.website);
    if (input.notes !== undefined) out.notes = trimOrNull(input.notes);
    if (input.regionId !== undefined) {
      if (input.regionId !== null) {
        const exists = await this.dataSource.getRepository(Region).exists({ where: { id: input.regionId } });
        if (!exists) {
          throw AppException.validation(`Okänd region i fältet regionId: ${input.regionId}`, {
            field: 'regionId',
          });
        }
      }
      out.regionId = input.regionId;
    }
    return out;
  }

  private async findOrFail(m: EntityManager, id: string, lock = false): Promise<Organization> {
    const qb = m.getRepository(Organization).createQueryBuilder('o').where('o.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    else qb.leftJoinAndSelect('o.region', 'r');
    const org = await qb.getOne();
    if (!org) throw AppException.notFound('Organisationen', id);
    return org;
  }

  private async contactCounts(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; n: number }[] = await this.dataSource.query(
      `SELECT organization_id AS id, count(*)::int AS n FROM contacts
        WHERE organization_id = ANY($1::uuid[]) GROUP BY organization_id`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  private translateConflict(err: unknown, name: string): unknown {
    if (isUniqueViolation(err)) {
      return AppException.conflict(`Det finns redan en organisation med namnet ${name}`, {
        field: 'name',
        name,
      });
    }
    return err;
  }

  private toView(o: Organization, contactCount: number): OrganizationView {
    return {
      id: o.id,
      kind: o.kind,
      name: o.name,
      shortName: o.shortName,
      regionId: o.regionId,
      region: o.region ? { id: o.region.id, code: o.region.code, name: o.region.name } : null,
      website: o.website,
      notes: o.notes,
      contactCount,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
    };
  }
}
