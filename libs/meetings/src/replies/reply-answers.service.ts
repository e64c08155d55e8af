import { AuditActor, AuditService } from '@app/audit';
import { AppException, AppErrorCode } from '@app/common';
import { PublicTokenService, TokenPurpose } from '@app/sending';
import { InboundDetail, RepliesService } from '@app/tracking';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ANSWER_WORDS } from '../render/answer-links';
import type { RsvpChoice } from '../responses/meeting-response.entity';
import { MeetingResponsesService } from '../responses/meeting-responses.service';
import { HostAnswersService, HostAnswerUnavailable } from '../rounds/host-answers.service';
import type { HostAnswer } from '../rounds/hosting-status';
import { OutreachSendsRepository } from '../sends/outreach-sends.repository';

/** What a reply became. */
export interface ReplyAnswerResult {
  replyId: string;
  convertedTo: 'host_answer' | 'rsvp';
  answer: RsvpChoice | HostAnswer;
}

/** Purposes whose replies answer a meeting's invitation. */
const RSVP_PURPOSES = new Set(['invitation', 'reminder']);

/**
 * Turns a person's e-mailed reply into the answer the link would have given: a host request's reply into a
 * host answer, an invitation's or reminder's into an RSVP. The existing services do the work, so history, audit
 * and the region board move exactly as with a link answer; the reply is then marked handled and converted.
 */
@Injectable()
export class ReplyAnswersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly replies: RepliesService,
    private readonly tokens: PublicTokenService,
    private readonly hostAnswers: HostAnswersService,
    private readonly responses: MeetingResponsesService,
    private readonly sends: OutreachSendsRepository,
    private readonly audit: AuditService,
  ) {}

  async convert(
    replyId: string,
    input: { answer: RsvpChoice | HostAnswer; comment?: string | null },
    actor: AuditActor,
  ): Promise<ReplyAnswerResult> {
    const reply = await this.replies.get(replyId);
    if (reply.kind !== 'reply')
      throw AppException.conflict('Bara ett svar från en person kan göras om till ett svar på förfrågan', {
        kind: reply.kind,
      });
    if (reply.convertedTo)
      throw AppException.conflict('Svaret är redan omgjort', { convertedTo: reply.convertedTo });
    if (!reply.contactId)
      throw AppException.conflict('Svaret är inte kopplat till någon kontakt', { reason: 'no_contact' });
    if (reply.purpose === 'host_request') return this.toHostAnswer(reply, reply.contactId, input, actor);
    if (reply.purpose && RSVP_PURPOSES.has(reply.purpose) && reply.meetingId)
      return this.toRsvp(reply, reply.contactId, reply.meetingId, input, actor);
    throw AppException.conflict(
      'Svaret hör inte till en förfrågan om värdskap, inbjudan eller påminnelse och kan inte göras om till ett svar',
      { purpose: reply.purpose },
    );
  }

  private async toHostAnswer(
    reply: InboundDetail,
    contactId: string,
    input: { answer: RsvpChoice | HostAnswer; comment?: string | null },
    actor: AuditActor,
  ): Promise<ReplyAnswerResult> {
    const send = reply.scopeId ? await this.sends.find(reply.scopeId) : null;
    if (!send)
      throw AppException.conflict('Förfrågan som svaret gäller finns inte längre', { reason: 'no_send' });
    // The very path of the person's own link: the same checks (asked, region, deadline), history and audit.
    const token = this.tokens.sign(TokenPurpose.HostResponse, { scopeId: send.roundId, contactId });
    try {
      await this.hostAnswers.answer(token, {
        svar: ANSWER_WORDS[input.answer],
        kommentar: input.comment ?? null,
      });
    } catch (err) {
      if (err instanceof HostAnswerUnavailable)
        throw new AppException(err.status === 404 ? AppErrorCode.NOT_FOUND : AppErrorCode.CONFLICT, err.sv, {
          reason: 'host_answer_unavailable',
        });
      throw err;
    }
    await this.finish(reply, 'host_answer', input.answer, actor, { roundId: send.roundId });
    return { replyId: reply.id, convertedTo: 'host_answer', answer: input.answer };
  }

  private async toRsvp(
    reply: InboundDetail,
    contactId: string,
    meetingId: string,
    input: { answer: RsvpChoice | HostAnswer; comment?: string | null },
    actor: AuditActor,
  ): Promise<ReplyAnswerResult> {
    await this.responses.setByStaff(
      meetingId,
      contactId,
      { answer: input.answer, note: input.comment?.trim() || 'Svar per e-post' },
      actor,
    );
    await this.finish(reply, 'rsvp', input.answer, actor, { meetingId });
    return { replyId: reply.id, convertedTo: 'rsvp', answer: input.answer };
  }

  private async finish(
    reply: InboundDetail,
    to: 'host_answer' | 'rsvp',
    answer: string,
    actor: AuditActor,
    target: Record<string, string>,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.replies.markConverted(m, reply.id, to, actor);
      await this.audit.record(
        {
          action: 'reply.converted',
          actor,
          targetType: 'inbound_message',
          targetId: reply.id,
          details: { to, answer, contactId: reply.contactId, ...target },
        },
        m,
      );
    });
  }
}
