import { ReplyScopes } from '@app/tracking';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { MEETING_SCOPE } from '../messages/meeting-messages.service';
import { OutreachSendsRepository } from '../sends/outreach-sends.repository';

/**
 * Tells inbound mail which meeting a reply belongs to, from its mailing's scope: an invitation send (and its
 * reminders) names its meeting, a meeting's own mailings (confirmations, notices) the meeting itself.
 */
@Injectable()
export class MeetingReplyScopes implements OnModuleInit {
  constructor(
    private readonly scopes: ReplyScopes,
    private readonly sends: OutreachSendsRepository,
  ) {}

  onModuleInit(): void {
    this.scopes.register({
      linksOf: async (scope) => {
        if (scope.type === MEETING_SCOPE) return { meetingId: scope.id };
        if (scope.type === 'invitation' || scope.type === 'host_request') {
          const send = await this.sends.find(scope.id);
          return { meetingId: send?.meetingId ?? null };
        }
        return null;
      },
    });
  }
}
