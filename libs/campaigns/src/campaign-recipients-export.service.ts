import { AuditActor, AuditService } from '@app/audit';
import { neutraliseFormula, formatStockholmDateTime } from '@app/common';
import type { ExportFormat } from '@app/crm';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { CampaignsService, RecipientView } from './campaigns.service';
import { drained, writeWithBackpressure as write } from '@app/crm';
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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly audit: AuditService,
  ) {}

  async export(
    campaignId: string,
    format: ExportFormat,
    status: RecipientStatus | undefined,
    out: Writable,
    actor: AuditActor,
  ): Promise<number> {
    await this.campaigns.find(this.dataSource.manager, campaignId);
    const rowCount = await this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const chunks = async function* (svc: CampaignsService): AsyncGenerator<RecipientView[]> {
        let after: string | null = null;
        for (;;) {
          const rows = await svc.recipientRows(m, campaignId, status, after, CHUNK);
          if (rows.length === 0) return;
          yield rows;
          if (rows.length < CHUNK) return;
          after = rows[rows.length - 1].id;
        }
      };
      let count = 0;
      if (format === 'csv') {
        const options = { delimiter: ';', record_delimiter: 'windows' as const };
        await write(out, UTF8_BOM + stringify([[...RECIPIENT_EXPORT_HEADERS]], options));
        for await (const chunk of chunks(this.campaigns)) {
          await write(out, stringify(chunk.map(recipientExportCells), options));
          count += chunk.length;
        }
        out.end();
        await finished(out);
        return count;
      }
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: out,
        useStyles: false,
        useSharedStrings: false,
      });
      const sheet = workbook.addWorksheet('Mottagare');
      sheet.columns = RECIPIENT_EXPORT_HEADERS.map((header) => ({
        header,
        width: header === 'E-post' || header === 'Message-ID' ? 32 : 18,
      }));
      for await (const chunk of chunks(this.campaigns)) {
        for (const r of chunk) sheet.addRow(recipientExportCells(r)).commit();
        count += chunk.length;
        if (out.writableNeedDrain) await drained(out);
      }
      sheet.commit();
      await workbook.commit();
      return count;
    });
    await this.audit.record({
      action: 'export.campaign_recipients',
      actor,
      targetType: 'campaign',
      targetId: campaignId,
      details: { format, rowCount, status: status ?? null },
    });
    return rowCount;
  }
}
