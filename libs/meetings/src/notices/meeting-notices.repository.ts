import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MeetingNotice, NoticeKind } from './meeting-notice.entity';

/** Owns the SQL on meeting_notices: which mailing is which kind of notice, and the history of notices. */
/** A notice as it is recorded: the mailing that carries it, and the meeting's calendar sequence then. */
export interface NewMeetingNotice {
  meetingId: string;
  kind: NoticeKind;
  text: string | null;
  mailingId: string;
  calendarSequence: number;
  actorUserId: string | null;
}

@Injectable()
export class MeetingNoticesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(m: EntityManager, notice: NewMeetingNotice): Promise<void> {
    await m.getRepository(MeetingNotice).insert(notice);
  }

  /** Several notices in one statement. */
  async recordMany(m: EntityManager, notices: NewMeetingNotice[]): Promise<void> {
    if (notices.length > 0) await m.getRepository(MeetingNotice).insert(notices);
  }

  findByMailing(mailingId: string): Promise<MeetingNotice | null> {
    return this.dataSource.getRepository(MeetingNotice).findOne({ where: { mailingId } });
  }

  /** A meeting's notices, newest first (change and cancellation notices; waitlist notices when asked). */
  listForMeeting(meetingId: string, kinds?: NoticeKind[]): Promise<MeetingNotice[]> {
    const qb = this.dataSource
      .getRepository(MeetingNotice)
      .createQueryBuilder('n')
      .where('n.meeting_id = :meetingId', { meetingId })
      .orderBy('n.created_at', 'DESC');
    if (kinds) qb.andWhere('n.kind IN (:...kinds)', { kinds });
    return qb.getMany();
  }
}
