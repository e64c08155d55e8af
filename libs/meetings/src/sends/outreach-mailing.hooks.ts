import { AuditService } from '@app/audit';
import { EngineTransition, Mailing, MailingHooks, SendingPorts } from '@app/sending';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OUTREACH_KINDS, OutreachKind } from './outreach-send.entity';
import { OutreachSendsRepository } from './outreach-sends.repository';

/**
 * The engine's lifecycle hooks for host requests and invitations (one scope type each, one behaviour): the
 * send locks first, as staff changes do; its status follows what the engine does by itself. Only the send's
 * first mailing makes it `sent`; a reminder finishing changes nothing; any of its mailings pausing by itself
 * pauses the send.
 */
@Injectable()
export class OutreachMailingHooks implements OnModuleInit {
  constructor(
    private readonly ports: SendingPorts,
    private readonly sends: OutreachSendsRepository,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    for (const kind of OUTREACH_KINDS) this.ports.registerHooks(this.hooksFor(kind));
  }

  hooksFor(kind: OutreachKind): MailingHooks {
    return {
      scopeType: kind,
      lockScope: (mailing, m) => this.sends.lockById(m, mailing.scopeId),
      onTransition: (mailing, transition, m) => this.onTransition(mailing, transition, m),
    };
  }

  async onTransition(mailing: Mailing, transition: EngineTransition, m: EntityManager): Promise<void> {
    const send = await this.sends.find(mailing.scopeId, m);
    if (!send) return;
    const target = { targetType: 'outreach_send', targetId: send.id };
    const first = send.mailingId === mailing.id;
    switch (transition.kind) {
      case 'finished':
        if (first && (await this.sends.setStatus(m, send.id, 'sent', ['sending'])))
          await this.audit.record({ action: 'outreach.finished', ...target, details: transition.counts }, m);
        return;
      case 'paused':
        if (await this.sends.setStatus(m, send.id, 'paused', ['sending', 'sent']))
          await this.audit.record(
            {
              action: 'outreach.paused',
              ...target,
              details: { reason: transition.reason, automatic: true, mailingId: mailing.id },
            },
            m,
          );
        return;
      case 'reopened':
        if (first && (await this.sends.setStatus(m, send.id, 'sending', ['sent'])))
          await this.audit.record({ action: 'outreach.reopened', ...target }, m);
        return;
    }
  }
}
