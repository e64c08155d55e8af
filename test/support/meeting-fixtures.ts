import { ContactsService, OrganizationKind, OrganizationsService } from '@app/crm';
import {
  Attendance,
  Meeting,
  MeetingResponse,
  MeetingStatus,
  Round,
  RoundRegion,
  RoundRegionEvent,
  RsvpAnswer,
  HostingStatus,
} from '@app/meetings';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Meetings data for tests, written with the meetings lib's entities and the CRM's services (the other engineers'
 * services for rounds and meetings are not needed): rounds, meetings, organisations, contacts, answers.
 */
export class MeetingFixtures {
  private readonly ds: DataSource;
  private readonly contacts: ContactsService;
  private readonly organizations: OrganizationsService;

  constructor(app: INestApplication) {
    this.ds = app.get(DataSource);
    this.contacts = app.get(ContactsService);
    this.organizations = app.get(OrganizationsService);
  }

  /** A round with a round_regions row for each of the 21 regions (not asked), as the round service makes them. */
  async round(name = `Regional närvaro ${randomBytes(3).toString('hex')}`): Promise<Round> {
    const round = await this.ds
      .getRepository(Round)
      .save({ name, description: null, responseDeadline: null });
    await this.ds.query(`INSERT INTO round_regions (round_id, region_id) SELECT $1, id FROM regions`, [
      round.id,
    ]);
    return round;
  }

  /** Moves a region through statuses, one history line each (as the round service would). */
  async regionStatus(roundId: string, regionId: number, statuses: HostingStatus[]): Promise<void> {
    let from: HostingStatus = 'not_asked';
    for (const to of statuses) {
      await this.ds.getRepository(RoundRegion).update({ roundId, regionId }, { status: to });
      await this.ds.getRepository(RoundRegionEvent).insert({
        roundId,
        regionId,
        fromStatus: from,
        toStatus: to,
        cause: 'staff',
      });
      from = to;
    }
  }

  async meeting(
    roundId: string,
    regionId: number,
    fields: Partial<Meeting> & { title: string; startsAt: Date },
  ): Promise<Meeting> {
    return this.ds.getRepository(Meeting).save({
      roundId,
      regionId,
      endsAt: new Date(fields.startsAt.getTime() + 2 * 3600_000),
      status: 'invited' as MeetingStatus,
      city: 'Falun',
      ...fields,
    });
  }

  async organization(name: string, kind: OrganizationKind, regionId: number | null = null): Promise<string> {
    return (await this.organizations.create({ name, kind, regionId })).id;
  }

  async person(
    firstName: string,
    lastName: string,
    organizationId: string | null,
    email = `${firstName}.${lastName}.${randomBytes(3).toString('hex')}@exempel.se`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, ''),
    regionId: number | null = null,
  ): Promise<string> {
    return (await this.contacts.create({ firstName, lastName, email, organizationId, regionId })).id;
  }

  /** An invitee's row with an answer and attendance (as RSVP and check-in would leave it). */
  async response(
    meetingId: string,
    contactId: string,
    answer: RsvpAnswer | null,
    attendance: Attendance | null = null,
    extra: Partial<MeetingResponse> = {},
  ): Promise<void> {
    await this.ds.getRepository(MeetingResponse).insert({
      meetingId,
      contactId,
      answer,
      attendance,
      answeredAt: answer ? new Date() : null,
      ...extra,
    });
  }
}
