import type { AuditActor } from '@app/audit';
import {
  AppErrorCode,
  AppException,
  decodeKeysetCursor,
  encodeKeysetCursor,
  invalidCursor,
  Page,
  pageLimit,
  PageQuery,
  pageTotalOf,
  takePage,
} from '@app/common';
import { AppConfig } from '@app/config';
import { JobName, JobProducer } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { OrganizationKind } from '../organizations/organization.entity';
import { ContactImport } from './contact-import.entity';
import { IMPORT_JOB_ATTEMPTS, importJobId } from './contact-import.handler';
import { checkImportFile, ImportFilePreview, previewImportFile } from './import-file';

export interface NewImport {
  filename: string;
  content: Buffer;
  mapping?: Record<string, string> | null;
  organizationKind?: OrganizationKind;
}

/** Accepts uploads (checked quickly, stored in PostgreSQL so any worker can read them) and reports on imports. */
@Injectable()
export class ContactImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly jobs: JobProducer,
    @InjectRepository(ContactImport) private readonly imports: Repository<ContactImport>,
  ) {}

  /** Refuses a file that cannot be imported (nothing is stored then); otherwise queues it and returns its id. */
  async start(input: NewImport, actor: AuditActor): Promise<ContactImport> {
    if (input.content.length > this.config.IMPORT_MAX_BYTES) throw this.tooLarge();
    await checkImportFile(input.content, input.mapping);
    const created = await this.dataSource.transaction(async (m) => {
      const row = await m.getRepository(ContactImport).save({
        status: 'queued',
        filename: input.filename,
        sizeBytes: input.content.length,
        mapping: input.mapping ?? null,
        organizationKind: input.organizationKind ?? 'member',
        createdBy: actor.userId ?? null,
      });
      await m.query(`INSERT INTO import_files (import_id, content) VALUES ($1, $2)`, [row.id, input.content]);
      return row;
    });
    try {
      await this.jobs.enqueue(
        JobName.ContactImport,
        { importId: created.id },
        { attempts: IMPORT_JOB_ATTEMPTS, jobId: importJobId(created.id) },
      );
    } catch (err) {
      // Without a job nothing would ever run it: do not leave a queued import behind.
      await this.imports.delete({ id: created.id });
      throw err;
    }
    return created;
  }

  /** The mapping step: the file's columns, their suggested fields and first rows. Nothing is stored. */
  async preview(content: Buffer): Promise<ImportFilePreview> {
    if (content.length > this.config.IMPORT_MAX_BYTES) throw this.tooLarge();
    return previewImportFile(content);
  }

  tooLarge(): AppException {
    const max = this.config.IMPORT_MAX_BYTES;
    const size =
      max >= 1024 * 1024 ? `${Math.floor(max / (1024 * 1024))} MB` : `${Math.floor(max / 1024)} kB`;
    return new AppException(
      AppErrorCode.PAYLOAD_TOO_LARGE,
      `Filen är för stor. Största tillåtna storlek är ${size}.`,
      { maxBytes: max },
    );
  }

  async get(id: string): Promise<ContactImport> {
    const found = await this.imports.findOneBy({ id });
    if (!found) throw AppException.notFound('Importen', id);
    return found;
  }

  /** The most recent imports first. */
  /** The imports newest first, keyset-paged on (created_at, id), with the total. */
  async list(query: PageQuery = {}): Promise<Page<ContactImport>> {
    const limit = pageLimit(query.limit);
    const all = this.imports.createQueryBuilder('i');
    // A JS Date holds milliseconds only: the key is cut to them so the cursor finds its row again.
    const created = `date_trunc('milliseconds', i.created_at)`;
    const qb = all
      .clone()
      .orderBy(created, 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(limit + 1);
    if (query.cursor) {
      const [at, id] = decodeKeysetCursor(query.cursor, ['text', 'uuid']);
      if (Number.isNaN(Date.parse(at))) throw invalidCursor();
      qb.andWhere(`(${created}, i.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))`, { at, id });
    }
    const [rows, total] = await Promise.all([qb.getMany(), pageTotalOf(all)]);
    const page = takePage(rows, limit, (last) => encodeKeysetCursor([last.createdAt.toISOString(), last.id]));
    return { items: page.rows, nextCursor: page.nextCursor, ...total };
  }
}
