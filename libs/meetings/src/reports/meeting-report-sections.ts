import { Injectable } from '@nestjs/common';
import type { ReportTable } from './report-files';

/** A part of a meeting's report that a feature above meetings adds (the evaluation survey's results). */
export interface MeetingReportSection {
  /** Which source it is from, e.g. "evaluation". */
  key: string;
  /** Its heading, Swedish (the sheet's name in a workbook). */
  title: string;
  /** What it says, as the tables the JSON report, the CSV and the workbook show alike. */
  tables: ReportTable[];
}

/** A source of report sections: answers, for each meeting asked, its sections (none for a meeting without). */
export interface MeetingReportSectionSource {
  readonly key: string;
  sectionsOf(meetingIds: string[]): Promise<Map<string, MeetingReportSection[]>>;
}

/**
 * Where libs above meetings plug parts into the meeting report and the round workbook. Meetings cannot import
 * them (the arrows point down), so they register in onModuleInit, as the sending engine's ports do.
 */
@Injectable()
export class MeetingReportSections {
  private readonly sources = new Map<string, MeetingReportSectionSource>();

  register(source: MeetingReportSectionSource): void {
    if (this.sources.has(source.key)) throw new Error(`Rapportdelen "${source.key}" är redan registrerad`);
    this.sources.set(source.key, source);
  }

  /** Every registered source's sections for each meeting, in registration order. */
  async sectionsOf(meetingIds: string[]): Promise<Map<string, MeetingReportSection[]>> {
    const out = new Map<string, MeetingReportSection[]>(meetingIds.map((id) => [id, []]));
    if (meetingIds.length === 0) return out;
    for (const source of this.sources.values()) {
      for (const [meetingId, sections] of await source.sectionsOf(meetingIds))
        out.get(meetingId)?.push(...sections);
    }
    return out;
  }
}
