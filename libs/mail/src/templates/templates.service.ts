import { AuditActor, AuditService } from '@app/audit';
import { AppException } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { BUILT_IN_TEMPLATES, starterTemplate } from './built-in/built-in-templates';
import {
  CompiledTemplate,
  TemplateCompiler,
  TemplateLanguage,
  TemplateSource,
  TemplateVersionSource,
} from './template-compiler';
import type { MessagePurpose } from './template-variables';
import { TemplateVersion } from './template-version.entity';
import { Template } from './template.entity';

export interface CreateTemplateInput {
  name: string;
  /** What the template is for (newsletter when not given); cannot be changed later. */
  purpose?: MessagePurpose;
  description?: string | null;
  /** The Swedish variant; without it the template starts as a copy of the built-in information letter. */
  sv?: TemplateSource;
  en?: TemplateSource | null;
}

/** Metadata edits change the template row; `sv`/`en` edits write a new version (`en: null` drops English). */
export interface UpdateTemplateInput {
  name?: string;
  description?: string | null;
  sv?: TemplateSource;
  en?: TemplateSource | null;
}

export interface TemplateVersionView {
  id: string;
  templateId: string;
  version: number;
  sv: TemplateSource;
  en: TemplateSource | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface TemplateVersionSummary {
  id: string;
  version: number;
  createdBy: string | null;
  createdAt: Date;
}

export interface TemplateSummary {
  id: string;
  name: string;
  description: string | null;
  builtInKey: string | null;
  purpose: MessagePurpose;
  archived: boolean;
  currentVersionId: string | null;
  currentVersionNumber: number | null;
  /** The language variants of the current version: always Swedish, English when written. */
  languages: TemplateLanguage[];
  createdAt: Date;
  updatedAt: Date;
}

export interface TemplateDetail extends TemplateSummary {
  currentVersion: TemplateVersionView | null;
  versions: TemplateVersionSummary[];
}

const UNIQUE_VIOLATION = '23505';

function isNameViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driver = err.driverError as { code?: string; constraint?: string; detail?: string };
  return (
    driver.code === UNIQUE_VIOLATION &&
    (driver.constraint === 'templates_name_key' || (driver.detail ?? '').startsWith('Key (name)'))
  );
}

function toVersionView(v: TemplateVersion): TemplateVersionView {
  return {
    id: v.id,
    templateId: v.templateId,
    version: v.version,
    sv: { subject: v.subjectSv, mjml: v.mjmlSv },
    en: v.subjectEn !== null && v.mjmlEn !== null ? { subject: v.subjectEn, mjml: v.mjmlEn } : null,
    createdBy: v.createdBy,
    createdAt: v.createdAt,
  };
}

/** The compiler's input for a stored version of a template for `purpose` (its id is the compile-cache key). */
export function versionSource(v: TemplateVersion, purpose: MessagePurpose): TemplateVersionSource {
  const view = toVersionView(v);
  return { versionId: v.id, purpose, variants: view.en ? { sv: view.sv, en: view.en } : { sv: view.sv } };
}

/**
 * Templates with immutable versions. Content is validated (MJML, Handlebars, known variables) before anything
 * is written, so an invalid template changes nothing; a content edit appends version max+1 and moves
 * `current_version_id`, leaving older versions (and the campaigns pinned to them) untouched.
 */
@Injectable()
export class TemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly compiler: TemplateCompiler,
    private readonly audit: AuditService,
  ) {}

  async list(options: { includeArchived?: boolean } = {}): Promise<TemplateSummary[]> {
    const qb = this.dataSource
      .getRepository(Template)
      .createQueryBuilder('t')
      .leftJoin(TemplateVersion, 'v', 'v.id = t.current_version_id')
      .select('t')
      .addSelect('v.version', 'current_version_number')
      .addSelect('v.mjml_en IS NOT NULL', 'has_english')
      .orderBy('t.name', 'ASC');
    if (!options.includeArchived) qb.where('t.archived = false');
    const { entities, raw } = await qb.getRawAndEntities<{
      current_version_number: number | null;
      has_english: boolean | null;
    }>();
    return entities.map((t, i) =>
      this.summary(t, raw[i]?.current_version_number ?? null, raw[i]?.has_english === true),
    );
  }

  async get(id: string): Promise<TemplateDetail> {
    const template = await this.find(this.dataSource.manager, id);
    const versions = await this.dataSource.getRepository(TemplateVersion).find({
      where: { templateId: id },
      order: { version: 'DESC' },
    });
    const current = versions.find((v) => v.id === template.currentVersionId) ?? null;
    return {
      ...this.summary(template, current?.version ?? null, current?.mjmlEn != null),
      currentVersion: current ? toVersionView(current) : null,
      versions: versions.map((v) => ({
        id: v.id,
        version: v.version,
        createdBy: v.createdBy,
        createdAt: v.createdAt,
      })),
    };
  }

  async getVersion(templateId: string, versionId: string): Promise<TemplateVersionView> {
    const v = await this.dataSource
      .getRepository(TemplateVersion)
      .findOne({ where: { id: versionId, templateId } });
    if (!v) throw AppException.notFound('Mallversionen', versionId);
    return toVersionView(v);
  }

  /** A template's row (name, purpose, archived, current version), or null: for checks by other libs. */
  async findTemplate(id: string, m?: EntityManager): Promise<Template | null> {
    return (m ?? this.dataSource.manager).getRepository(Template).findOne({ where: { id } });
  }

  /** Whether `versionId` is a version of template `templateId`. */
  /** A built-in template by its key (BUILT_IN_TEMPLATES), as staff may have edited it; null before the start. */
  async findBuiltIn(key: string, m?: EntityManager): Promise<Template | null> {
    return (m ?? this.dataSource.manager).getRepository(Template).findOne({ where: { builtInKey: key } });
  }

  async isVersionOf(templateId: string, versionId: string, m?: EntityManager): Promise<boolean> {
    return (m ?? this.dataSource.manager)
      .getRepository(TemplateVersion)
      .exists({ where: { id: versionId, templateId } });
  }

  /** The stored version as compiler input: `versionId` given, or the template's current version. */
  async sourceFor(templateId: string, versionId?: string | null): Promise<TemplateVersionSource> {
    const template = await this.find(this.dataSource.manager, templateId);
    const id = versionId ?? template.currentVersionId;
    const v = id
      ? await this.dataSource.getRepository(TemplateVersion).findOne({ where: { id, templateId } })
      : null;
    if (!v) throw AppException.notFound('Mallversionen', id ?? templateId);
    return versionSource(v, template.purpose);
  }

  /**
   * A stored version compiled for sending, from the compiler's one cache (versions never change, so it is
   * loaded and compiled once per process). Throws when the version does not exist.
   */
  compiledVersion(versionId: string): Promise<CompiledTemplate> {
    return this.compiler.cached(versionId) ?? this.loadAndCompile(versionId);
  }

  private async loadAndCompile(versionId: string): Promise<CompiledTemplate> {
    const v = await this.dataSource.getRepository(TemplateVersion).findOne({ where: { id: versionId } });
    if (!v) throw AppException.notFound('Mallversionen', versionId);
    const template = await this.find(this.dataSource.manager, v.templateId);
    return this.compiler.compile(versionSource(v, template.purpose));
  }

  async create(input: CreateTemplateInput, actor: AuditActor = {}): Promise<TemplateDetail> {
    const userId = actor.userId ?? null;
    const name = this.cleanName(input.name);
    const purpose = input.purpose ?? 'newsletter';
    const sv = input.sv ?? starterTemplate();
    await this.validate(purpose, sv, input.en ?? null);
    const id = await this.dataSource.transaction(async (m) => {
      try {
        const template = await m.getRepository(Template).save(
          m.getRepository(Template).create({
            name,
            description: input.description?.trim() || null,
            builtInKey: null,
            purpose,
            currentVersionId: null,
            archived: false,
          }),
        );
        const version = await this.appendVersion(m, template.id, sv, input.en ?? null, userId);
        await this.audit.record(
          {
            action: 'template.created',
            actor,
            targetType: 'template',
            targetId: template.id,
            details: { name, purpose, version: version.version },
          },
          m,
        );
        return template.id;
      } catch (err) {
        throw this.nameConflict(err, name);
      }
    });
    return this.get(id);
  }

  async update(id: string, input: UpdateTemplateInput, actor: AuditActor = {}): Promise<TemplateDetail> {
    const userId = actor.userId ?? null;
    const contentChanged = input.sv !== undefined || input.en !== undefined;
    await this.dataSource.transaction(async (m) => {
      let newVersion: number | null = null;
      // Row lock: two concurrent edits get versions n+1 and n+2, never the same number.
      const template = await this.find(m, id, true);
      if (contentChanged) {
        const current = template.currentVersionId
          ? await m.getRepository(TemplateVersion).findOneByOrFail({ id: template.currentVersionId })
          : null;
        const base = current ? toVersionView(current) : null;
        const sv = input.sv ?? base?.sv;
        if (!sv) throw AppException.validation('Mallen saknar svensk version (sv)');
        const en = input.en === undefined ? (base?.en ?? null) : input.en;
        await this.validate(template.purpose, sv, en);
        newVersion = (await this.appendVersion(m, id, sv, en, userId)).version;
      }
      const patch: Partial<Template> = {};
      if (input.name !== undefined) patch.name = this.cleanName(input.name);
      if (input.description !== undefined) patch.description = input.description?.trim() || null;
      if (Object.keys(patch).length > 0) {
        try {
          await m.getRepository(Template).update({ id }, patch);
        } catch (err) {
          throw this.nameConflict(err, patch.name ?? template.name);
        }
      }
      await this.audit.record(
        {
          action: 'template.updated',
          actor,
          targetType: 'template',
          targetId: id,
          details: { newVersion, renamedTo: patch.name ?? null },
        },
        m,
      );
    });
    return this.get(id);
  }

  /** Soft delete: campaigns keep pointing at the template and its versions, so rows are never removed. */
  async archive(id: string, actor: AuditActor = {}): Promise<TemplateDetail> {
    await this.dataSource.transaction(async (m) => {
      await this.find(m, id);
      await m.getRepository(Template).update({ id }, { archived: true });
      await this.audit.record(
        { action: 'template.archived', actor, targetType: 'template', targetId: id },
        m,
      );
    });
    return this.get(id);
  }

  /**
   * Makes sure every BUILT_IN_TEMPLATES entry exists, once. Safe when several API processes start together:
   * the INSERT … ON CONFLICT (built_in_key) DO NOTHING waits for a concurrent insert of the same key and then
   * does nothing, and only the transaction whose insert returned a row writes version 1.
   */
  async ensureBuiltIns(): Promise<number> {
    let created = 0;
    for (const builtIn of BUILT_IN_TEMPLATES) {
      const wrote = await this.dataSource.transaction(async (m) => {
        // Serialise concurrent starts: two inserts of the same built-in collide on the name index before the
        // ON CONFLICT (built_in_key) target is checked, which raises instead of doing nothing.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('templates.ensureBuiltIns'))`);
        // A staff template may already carry the name: the built-in one then gets a distinguishing suffix.
        const taken = await m.query(
          `SELECT 1 FROM templates WHERE name = $1 AND built_in_key IS DISTINCT FROM $2`,
          [builtIn.name, builtIn.key],
        );
        const name = taken.length > 0 ? `${builtIn.name} (inbyggd)` : builtIn.name;
        const rows: { id: string }[] = await m.query(
          `INSERT INTO templates (name, description, built_in_key, purpose) VALUES ($1, $2, $3, $4)
           ON CONFLICT (built_in_key) DO NOTHING RETURNING id`,
          [name, builtIn.description, builtIn.key, builtIn.purpose ?? 'newsletter'],
        );
        if (rows.length === 0) return false;
        await this.appendVersion(m, rows[0].id, builtIn.variants.sv, builtIn.variants.en, null);
        return true;
      });
      if (wrote) created++;
    }
    return created;
  }

  private async validate(
    purpose: MessagePurpose,
    sv: TemplateSource,
    en: TemplateSource | null,
  ): Promise<void> {
    await this.compiler.validate({ purpose, variants: en ? { sv, en } : { sv } });
  }

  private async appendVersion(
    m: EntityManager,
    templateId: string,
    sv: TemplateSource,
    en: TemplateSource | null,
    userId: string | null,
  ): Promise<TemplateVersion> {
    const [{ next }]: { next: number }[] = await m.query(
      `SELECT coalesce(max(version), 0) + 1 AS next FROM template_versions WHERE template_id = $1`,
      [templateId],
    );
    const repo = m.getRepository(TemplateVersion);
    const version = await repo.save(
      repo.create({
        templateId,
        version: next,
        subjectSv: sv.subject,
        mjmlSv: sv.mjml,
        subjectEn: en?.subject ?? null,
        mjmlEn: en?.mjml ?? null,
        createdBy: userId,
      }),
    );
    await m.getRepository(Template).update({ id: templateId }, { currentVersionId: version.id });
    return version;
  }

  private async find(m: EntityManager, id: string, lock = false): Promise<Template> {
    const qb = m.getRepository(Template).createQueryBuilder('t').where('t.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const template = await qb.getOne();
    if (!template) throw AppException.notFound('Mallen', id);
    return template;
  }

  private cleanName(name: string): string {
    const trimmed = name.trim();
    if (!trimmed) throw AppException.validation('Mallens namn (name) får inte vara tomt');
    return trimmed;
  }

  private nameConflict(err: unknown, name: string): unknown {
    return isNameViolation(err)
      ? AppException.conflict(`Det finns redan en mall som heter "${name}"`, { field: 'name' })
      : err;
  }

  private summary(t: Template, currentVersionNumber: number | null, hasEnglish: boolean): TemplateSummary {
    return {
      id: t.id,
      name: t.name,
      description: t.description,
      builtInKey: t.builtInKey,
      purpose: t.purpose,
      archived: t.archived,
      currentVersionId: t.currentVersionId,
      currentVersionNumber,
      languages: hasEnglish ? ['sv', 'en'] : ['sv'],
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
    };
  }
}
