import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Told, inside the transaction that moved it, that a meeting's start changed (reminders are rescheduled). */
export type MeetingMovedHook = (m: EntityManager, meetingId: string) => Promise<void>;

/**
 * The one place a moved meeting is announced to the rest of the lib (`onMeetingMoved`): the reminders register
 * here in their onModuleInit, e.g. `moved.register((m, id) => this.rescheduleAttending(m, id))`, and are called
 * in the same transaction as the move, in the order they registered.
 */
@Injectable()
export class MeetingMovedHooks {
  private readonly hooks: MeetingMovedHook[] = [];

  register(hook: MeetingMovedHook): void {
    this.hooks.push(hook);
  }

  async onMeetingMoved(m: EntityManager, meetingId: string): Promise<void> {
    for (const hook of this.hooks) await hook(m, meetingId);
  }
}
