import { AuditService } from '@app/audit';
import { AppException, Clock } from '@app/common';
import { PublicTokenService, TokenPurpose } from '@app/sending';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { answerFromWord } from '../render/answer-links';
import { HOSTING_STATUSES, HostAnswer, STATUS_OF_HOST_ANSWER } from './hosting-status';
import { HostingStatusService } from './hosting-status.service';
import { deadlineEnd, deadlinePassed } from './response-deadline';
import { HostAnswerer, HostResponseRow, RoundRow, RoundsRepository } from './rounds.repository';

/** A host-answer link that works no longer, or never did: the page says why, with this HTTP status. */
export class HostAnswerUnavailable extends Error {
  constructor(
    readonly status: 404 | 409 | 410,
    readonly sv: string,
    readonly en: string,
  ) {
    super(sv);
  }
}

/** What the answer page shows. */
export interface HostAnswerPage {
  round: RoundRow;
  person: HostAnswerer & { regionId: number; regionName: string };
  language: 'sv' | 'en';
  current: HostResponseRow | null;
  /** The deadline has passed: the page shows the answer but takes no new one. */
  closed: boolean;
  /** When answers stop being taken (the end of the deadline day), if there is a deadline. */
  closesAt: Date | null;
}

export interface HostAnswerInput {
  /** ja, kanske or nej (the words of the form and of the links). */
  svar?: unknown;
  kommentar?: unknown;
  datum?: unknown;
  kontaktperson?: unknown;
}

const LIMITS = { kommentar: 2000, datum: 500, kontaktperson: 200 } as const;

/** Statuses an answer no longer moves: the meeting is already planned or held. */
const ANSWER_MOVES_FROM = HOSTING_STATUSES.filter((s) => s !== 'meeting_scheduled' && s !== 'meeting_held');

/**
 * The public host answer page behind /h/TOKEN: a token for one round and one person (HMAC, single-purpose).
 * Showing it changes nothing; an answer is recorded (and may be changed until the deadline), moves the
 * region's status and is audited, all in one transaction or not at all.
 */
@Injectable()
export class HostAnswersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: PublicTokenService,
    private readonly rounds: RoundsRepository,
    private readonly hosting: HostingStatusService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The page for a token; a forged or foreign token is a 404 (AppException), a stale one HostAnswerUnavailable. */
  async describe(token: string): Promise<HostAnswerPage> {
    const subject = this.tokens.verify(token, TokenPurpose.HostResponse);
    const roundId = subject.scopeId;
    if (!roundId) throw AppException.notFound('Länken', 'ogiltig');
    const round = await this.rounds.findRound(roundId);
    if (!round)
      throw new HostAnswerUnavailable(
        410,
        'Omgången som länken gäller finns inte längre.',
        'The round this link belongs to no longer exists.',
      );
    const person = await this.rounds.answerer(roundId, subject.contactId);
    if (!person)
      throw new HostAnswerUnavailable(
        410,
        'Kontaktuppgifterna som länken gäller finns inte längre.',
        'The contact this link belongs to no longer exists.',
      );
    if (!person.asked)
      throw new HostAnswerUnavailable(
        404,
        'Länken hör inte till någon förfrågan om värdskap i den här omgången.',
        'This link does not belong to a host request of this round.',
      );
    if (person.regionId === null || person.regionName === null)
      throw new HostAnswerUnavailable(
        409,
        'Vi vet inte längre vilken region du företräder. Kontakta förbundets kansli.',
        'We no longer know which region you represent. Please contact the federation office.',
      );
    const now = this.clock.now();
    return {
      round,
      person: { ...person, regionId: person.regionId, regionName: person.regionName },
      language: person.language === 'en' ? 'en' : 'sv',
      current: await this.rounds.hostResponse(roundId, person.contactId),
      closed: deadlinePassed(round.responseDeadline, now),
      closesAt: round.responseDeadline ? deadlineEnd(round.responseDeadline) : null,
    };
  }

  /** Records the answer (or a changed one). Bad input is a 400 and changes nothing; after the deadline a 410. */
  async answer(token: string, input: HostAnswerInput): Promise<HostAnswerPage> {
    const page = await this.describe(token);
    if (page.closed)
      throw new HostAnswerUnavailable(
        410,
        'Sista svarsdag har passerat; svaret kan inte längre ändras här. Kontakta gärna förbundets kansli.',
        'The deadline has passed; the answer can no longer be changed here. Please contact the federation office.',
      );
    const answer = answerFromWord(input.svar) as HostAnswer | null;
    if (!answer)
      throw AppException.validation('Välj ett av svaren: ja, kanske eller nej.', { field: 'svar' });
    const text = (field: keyof typeof LIMITS): string | null => {
      const value = input[field];
      if (value === undefined || value === null) return null;
      if (typeof value !== 'string') throw AppException.validation(`${field}: ogiltigt värde`, { field });
      const trimmed = value.trim();
      if (trimmed.length > LIMITS[field])
        throw AppException.validation(`${field}: högst ${LIMITS[field]} tecken`, { field });
      return trimmed || null;
    };
    const values = {
      comment: text('kommentar'),
      suggestedDates: text('datum'),
      contactPerson: text('kontaktperson'),
    };
    const { round, person } = page;
    await this.dataSource.transaction(async (m) => {
      // The region first (the lock every status change takes), then the answer.
      const moved = await this.hosting.change(m, {
        roundId: round.id,
        regionId: person.regionId,
        to: STATUS_OF_HOST_ANSWER[answer],
        cause: 'answer',
        contactId: person.contactId,
        onlyFrom: ANSWER_MOVES_FROM,
      });
      await this.rounds.upsertHostResponse(m, {
        roundId: round.id,
        contactId: person.contactId,
        regionId: person.regionId,
        answer,
        ...values,
        at: this.clock.now(),
      });
      await this.audit.record(
        {
          action: 'round.host_answered',
          targetType: 'round',
          targetId: round.id,
          details: {
            contactId: person.contactId,
            regionId: person.regionId,
            answer,
            previousAnswer: page.current?.answer ?? null,
            regionStatus: moved.to,
          },
        },
        m,
      );
    });
    return { ...page, current: await this.rounds.hostResponse(round.id, person.contactId) };
  }
}
