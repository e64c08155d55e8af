import { AuditActor, AuditService } from '@app/audit';
import { errorForLog, formatStockholmDateTime, neutraliseFormula } from '@app/common';
import type { ExportFormat } from '@app/crm';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DataSource, EntityManager } from 'typeorm';
import { CampaignsService, RecipientView } from './campaigns.service';
import { ExportStart, ReceiverClosedError, writeWithBackpressure as write, XlsxSheetWriter } from '@app/crm';
import { RecipientStatus } from '@app/sending';

export const RECIPIENT_EXPORT_HEADERS = [
  'E-post',
  'Förnamn',
  'Efternamn',
  'Organisation',
  'Status',
  'Försök',
  'Senaste fel',
  'SMTP-svar',
  'Message-ID',
  'Skickat',
] as const;

export const RECIPIENT_STATUS_LABELS: Record<RecipientStatus, string> = {
  pending: 'Väntar',
  sending: 'Skickas',
  sent: 'Skickat',
  failed_temporary: 'Tillfälligt fel',
  failed_permanent: 'Permanent fel',
  suppressed: 'Spärrad',
  uncertain: 'Osäker',
  withdrawn: 'Återkallat',
};

const CHUNK = 2000;
const UTF8_BOM = '\ufeff';

/** One ledger row as text cells, each through the formula guard (SMTP replies and names come from outside). */
export function recipientExportCells(r: RecipientView): string[] {
  return [
    r.email,
    r.firstName ?? '',
    r.lastName ?? '',
    r.organizationName ?? '',
    RECIPIENT_STATUS_LABELS[r.status] ?? r.status,
    String(r.attempts),
    r.lastError ?? '',
    r.smtpResponse ?? '',
    r.messageId ?? '',
    r.sentAt ? formatStockholmDateTime(new Date(r.sentAt)) : '',
  ].map(neutraliseFormula);
}

/**
 * The recipients ledger of a campaign as CSV (Swedish Excel: UTF-8 with BOM, ";", CRLF) or XLSX, streamed in
 * id-keyset chunks from one REPEATABLE READ snapshot, audited with its row count.
 */
@Injectable()
export class CampaignRecipientsExportService {
  private readonly logger = new Logger('CampaignRecipientsExport');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The first chunk is read and formatted before anything is written (`start` is called right before the first
   * byte), so an export that fails at once can still be answered with an error of its own; one that fails later
   * has sent part of a file, and the caller must cut the connection. Either way it is logged and audited.
   */
  async export(
    campaignId: string,
    format: ExportFormat,
    status: RecipientStatus | undefined,
    out: Writable,
    actor: AuditActor,
    start: ExportStart = () => undefined,
  ): Promise<number> {
    await this.campaigns.find(this.dataSource.manager, campaignId);
    const progress = { started: false, rows: 0 };
    const begin = () => {
      progress.started = true;
      start();
    };
    let rowCount: number;
    try {
      rowCount = await this.dataSource.transaction('REPEATABLE READ', async (m) => {
        const chunks = this.formattedChunks(m, campaignId, status);
        let next = await chunks.next();
        begin();
        if (format === 'csv') {
          const options = { delimiter: ';', record_delimiter: 'windows' as const };
          await write(out, UTF8_BOM + stringify([[...RECIPIENT_EXPORT_HEADERS]], options));
          while (!next.done) {
            await write(out, stringify(next.value, options));
            progress.rows += next.value.length;
            next = await chunks.next();
          }
          out.end();
          await finished(out);
          return progress.rows;
        }
        const sheet = await XlsxSheetWriter.start(out, {
          sheetName: 'Mottagare',
          columns: RECIPIENT_EXPORT_HEADERS.map((header) => ({
            header,
            width: header === 'E-post' || header === 'Message-ID' ? 32 : 18,
          })),
        });
        while (!next.done) {
          await sheet.addRows(next.value);
          progress.rows += next.value.length;
          next = await chunks.next();
        }
        await sheet.finish();
        await finished(out);
        return progress.rows;
      });
    } catch (err) {
      await this.recordFailure(campaignId, format, status, actor, progress, err);
      throw err;
    }
    await this.audit.record({
      action: 'export.campaign_recipients',
      actor,
      targetType: 'campaign',
      targetId: campaignId,
      details: { format, rowCount, status: status ?? null },
    });
    return rowCount;
  }

  /** The ledger as export cells, a keyset chunk at a time: a row that cannot be formatted fails its chunk. */
  private async *formattedChunks(
    m: EntityManager,
    campaignId: string,
    status: RecipientStatus | undefined,
  ): AsyncGenerator<string[][]> {
    let after: string | null = null;
    for (;;) {
      const rows = await this.campaigns.recipientRows(m, campaignId, status, after, CHUNK);
      if (rows.length === 0) return;
      yield rows.map(recipientExportCells);
      if (rows.length < CHUNK) return;
      after = rows[rows.length - 1].id;
    }
  }

  private async recordFailure(
    campaignId: string,
    format: ExportFormat,
    status: RecipientStatus | undefined,
    actor: AuditActor,
    progress: { started: boolean; rows: number },
    err: unknown,
  ): Promise<void> {
    const receiverGone = err instanceof ReceiverClosedError;
    const context = {
      campaignId,
      format,
      started: progress.started,
      rowsWritten: progress.rows,
      err: errorForLog(err),
    };
    if (receiverGone) this.logger.warn(context, 'Mottagarexporten avbröts: mottagaren stängde anslutningen');
    else this.logger.error(context, 'Mottagarexporten misslyckades');
    await this.audit
      .record({
        action: 'export.campaign_recipients.failed',
        actor,
        targetType: 'campaign',
        targetId: campaignId,
        details: {
          format,
          status: status ?? null,
          rowsWritten: progress.rows,
          started: progress.started,
          reason: receiverGone ? 'mottagaren stängde anslutningen' : 'fel i exporten',
        },
      })
      .catch((auditErr: unknown) =>
        this.logger.error(
          { err: errorForLog(auditErr) },
          'Den misslyckade exporten kunde inte granskningsloggas',
        ),
      );
  }
}
