import { HeldRecord, PersonalDataHolder, PersonalDataHolders } from '@app/crm';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CheckInOperationsRepository } from '../check-in/check-in-operations.repository';
import { MeetingResponsesRepository } from '../responses/meeting-responses.repository';
import { MeetingsPersonalDataRepository } from './meetings-personal-data.repository';

/**
 * What the meetings part keeps about a person, for the CRM's GDPR export and erasure: answers to invitations
 * (with diet, accessibility, comment and companions) and attendance, host answers, parts as a regional
 * representative, check-ins and the region history they are named in. Each record says its `kind`.
 *
 * Erasure scrubs every free text in the person's rows (diet, accessibility, comment, companions; host answers'
 * comment, contact person and suggested dates; notes in the histories; stored check-in answers); the CRM then
 * deletes the contact, and with it, by the foreign keys, the rows themselves. Reports count what is left.
 */
@Injectable()
export class MeetingsPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly section = 'meetings';

  constructor(
    private readonly holders: PersonalDataHolders,
    private readonly responses: MeetingResponsesRepository,
    private readonly checkIns: CheckInOperationsRepository,
    private readonly others: MeetingsPersonalDataRepository,
  ) {}

  onModuleInit(): void {
    this.holders.register(this);
  }

  async export(contactId: string, m: EntityManager): Promise<HeldRecord[]> {
    const [responses, hostAnswers, parts, checkIns, regionEvents] = await Promise.all([
      this.responses.ofContact(m, contactId),
      this.others.hostResponses(m, contactId),
      this.others.representativeParts(m, contactId),
      this.checkIns.ofContact(m, contactId),
      this.others.regionEvents(m, contactId),
    ]);
    return [
      ...responses.map((r) => ({
        kind: 'meeting_response',
        ...r,
        companions: r.companions.join(', '),
      })),
      ...hostAnswers.map((h) => ({ kind: 'host_response', ...h })),
      ...parts.map((p) => ({ kind: 'representative', ...p })),
      ...checkIns.map((c) => ({
        kind: 'check_in',
        meetingId: c.meetingId,
        operation: c.kind,
        clientId: c.clientId,
        createdAt: c.createdAt,
      })),
      ...regionEvents.map((e) => ({ kind: 'region_event', ...e })),
    ];
  }

  async erase(contactId: string, _email: string | null, m: EntityManager): Promise<void> {
    await this.responses.scrubContact(m, contactId);
    await this.checkIns.scrubContact(m, contactId);
    await this.others.scrub(m, contactId);
  }
}
