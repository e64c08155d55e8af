import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type {
  Survey,
  SurveyAnswers,
  SurveyAudience,
  SurveyKind,
  SurveyQuestion,
  SurveySendStatus,
} from './survey-types';

const COLUMNS = `s.id, s.kind, s.meeting_id AS "meetingId", s.title_sv AS "titleSv", s.title_en AS "titleEn",
  s.intro_sv AS "introSv", s.intro_en AS "introEn", s.anonymous, s.questions, s.closes_at AS "closesAt",
  s.closed_at AS "closedAt", s.template_id AS "templateId", s.from_name AS "fromName",
  s.from_address AS "fromAddress", s.reply_to AS "replyTo", s.subject, s.audience, s.mailing_id AS "mailingId",
  s.send_status AS "sendStatus", s.sent_at AS "sentAt", s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

/** What staff write about a survey (all of it; an update passes the merged whole). */
export interface SurveyValues {
  kind: SurveyKind;
  meetingId: string | null;
  titleSv: string;
  titleEn: string | null;
  introSv: string | null;
  introEn: string | null;
  anonymous: boolean;
  questions: SurveyQuestion[];
  closesAt: Date | null;
}

export interface SendValues {
  templateId: string;
  fromName: string;
  fromAddress: string;
  replyTo: string | null;
  subject: string | null;
  audience: SurveyAudience | null;
}

/** One stored answer, as the results read it. */
export interface ResponseRow {
  answers: SurveyAnswers;
  contactId: string | null;
  updatedAt: Date;
}

/** The SQL of surveys and survey_responses; nothing else touches these tables. */
@Injectable()
export class SurveysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private mgr(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  async find(id: string, m?: EntityManager): Promise<Survey | null> {
    const rows: Survey[] = await this.mgr(m).query(`SELECT ${COLUMNS} FROM surveys s WHERE s.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The survey under a row lock: the order every change takes (survey, then its mailing). */
  async lock(m: EntityManager, id: string): Promise<Survey | null> {
    const rows: Survey[] = await m.query(`SELECT ${COLUMNS} FROM surveys s WHERE s.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async lockById(m: EntityManager, id: string): Promise<void> {
    await m.query(`SELECT 1 FROM surveys WHERE id = $1 FOR UPDATE`, [id]);
  }

  async list(filter: { meetingId?: string; kind?: SurveyKind } = {}): Promise<Survey[]> {
    return this.mgr().query(
      `SELECT ${COLUMNS} FROM surveys s
        WHERE ($1::uuid IS NULL OR s.meeting_id = $1) AND ($2::text IS NULL OR s.kind = $2)
        ORDER BY s.created_at DESC, s.id`,
      [filter.meetingId ?? null, filter.kind ?? null],
    );
  }

  /** The evaluation surveys of meetings, oldest first (for the meeting and round reports). */
  async ofMeetings(meetingIds: string[]): Promise<Survey[]> {
    if (meetingIds.length === 0) return [];
    return this.mgr().query(
      `SELECT ${COLUMNS} FROM surveys s WHERE s.meeting_id = ANY($1::uuid[]) ORDER BY s.created_at, s.id`,
      [meetingIds],
    );
  }

  async insert(m: EntityManager, v: SurveyValues): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO surveys (kind, meeting_id, title_sv, title_en, intro_sv, intro_en, anonymous, questions, closes_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9) RETURNING id`,
      [
        v.kind,
        v.meetingId,
        v.titleSv,
        v.titleEn,
        v.introSv,
        v.introEn,
        v.anonymous,
        JSON.stringify(v.questions),
        v.closesAt,
      ],
    );
    return rows[0].id;
  }

  async update(m: EntityManager, id: string, v: SurveyValues): Promise<void> {
    await m.query(
      `UPDATE surveys SET title_sv = $2, title_en = $3, intro_sv = $4, intro_en = $5, anonymous = $6,
              questions = $7::jsonb, closes_at = $8, updated_at = clock_timestamp()
        WHERE id = $1`,
      [id, v.titleSv, v.titleEn, v.introSv, v.introEn, v.anonymous, JSON.stringify(v.questions), v.closesAt],
    );
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM surveys WHERE id = $1`, [id]);
  }

  async setClosed(m: EntityManager, id: string, closedAt: Date | null): Promise<void> {
    await m.query(`UPDATE surveys SET closed_at = $2, updated_at = clock_timestamp() WHERE id = $1`, [
      id,
      closedAt,
    ]);
  }

  async markStarted(
    m: EntityManager,
    id: string,
    send: SendValues,
    mailingId: string,
    at: Date,
  ): Promise<void> {
    await m.query(
      `UPDATE surveys SET template_id = $2, from_name = $3, from_address = $4, reply_to = $5, subject = $6,
              audience = $7::jsonb, mailing_id = $8, send_status = 'sending', sent_at = $9,
              updated_at = clock_timestamp()
        WHERE id = $1`,
      [
        id,
        send.templateId,
        send.fromName,
        send.fromAddress,
        send.replyTo,
        send.subject,
        send.audience ? JSON.stringify(send.audience) : null,
        mailingId,
        at,
      ],
    );
  }

  /** Moves the send's status from one of `from`; answers whether it moved. */
  async setSendStatus(
    m: EntityManager,
    id: string,
    to: SurveySendStatus,
    from: SurveySendStatus[],
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `UPDATE surveys SET send_status = $2, updated_at = clock_timestamp()
        WHERE id = $1 AND send_status = ANY($3::text[]) RETURNING 1`,
      [id, to, from],
    );
    return rows.length > 0;
  }

  async findByMailing(mailingId: string): Promise<Survey | null> {
    const rows: Survey[] = await this.mgr().query(
      `SELECT ${COLUMNS} FROM surveys s WHERE s.mailing_id = $1`,
      [mailingId],
    );
    return rows[0] ?? null;
  }

  // ── answers ─────────────────────────────────────────────────────────────────────────────────────────

  async countResponses(surveyId: string, m?: EntityManager): Promise<number> {
    const rows: { n: number }[] = await this.mgr(m).query(
      `SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = $1`,
      [surveyId],
    );
    return rows[0].n;
  }

  async responseOf(surveyId: string, respondentKey: string): Promise<SurveyAnswers | null> {
    const rows: { answers: SurveyAnswers }[] = await this.mgr().query(
      `SELECT answers FROM survey_responses WHERE survey_id = $1 AND respondent_key = $2`,
      [surveyId, respondentKey],
    );
    return rows[0]?.answers ?? null;
  }

  /**
   * Stores one person's answers, replacing what they answered before (one row per link). Only while the
   * survey is open at `now`, checked in the same statement: a post that races the closing stores nothing.
   * Answers 'closed' if it was closed, 'created' or 'updated' otherwise.
   */
  async saveResponse(
    surveyId: string,
    respondentKey: string,
    contactId: string | null,
    answers: SurveyAnswers,
    now: Date,
  ): Promise<'created' | 'updated' | 'closed'> {
    const rows: { inserted: boolean }[] = await this.mgr().query(
      `INSERT INTO survey_responses (survey_id, respondent_key, contact_id, answers)
       SELECT s.id, $2, CASE WHEN s.anonymous THEN NULL ELSE $3::uuid END, $4::jsonb
         FROM surveys s
        WHERE s.id = $1 AND s.closed_at IS NULL AND (s.closes_at IS NULL OR s.closes_at > $5)
       ON CONFLICT (survey_id, respondent_key)
       DO UPDATE SET answers = EXCLUDED.answers, updated_at = clock_timestamp()
       RETURNING (xmax = 0) AS inserted`,
      [surveyId, respondentKey, contactId, JSON.stringify(answers), now],
    );
    if (rows.length === 0) return 'closed';
    return rows[0].inserted ? 'created' : 'updated';
  }

  async responses(surveyId: string): Promise<ResponseRow[]> {
    return this.mgr().query(
      `SELECT answers, contact_id AS "contactId", updated_at AS "updatedAt" FROM survey_responses
        WHERE survey_id = $1 ORDER BY created_at, id`,
      [surveyId],
    );
  }

  // ── personal data ───────────────────────────────────────────────────────────────────────────────────

  async responsesOfContact(
    m: EntityManager,
    contactId: string,
  ): Promise<
    {
      surveyId: string;
      title: string;
      answers: SurveyAnswers;
      questions: SurveyQuestion[];
      updatedAt: Date;
    }[]
  > {
    return m.query(
      `SELECT r.survey_id AS "surveyId", s.title_sv AS title, r.answers, s.questions, r.updated_at AS "updatedAt"
         FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
        WHERE r.contact_id = $1 ORDER BY r.created_at, r.id`,
      [contactId],
    );
  }

  async deleteResponsesOfContact(m: EntityManager, contactId: string): Promise<void> {
    await m.query(`DELETE FROM survey_responses WHERE contact_id = $1`, [contactId]);
  }
}
