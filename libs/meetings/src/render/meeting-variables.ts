import type { TemplateLanguage } from '@app/mail';
import type { Meeting } from '../meetings/meeting.entity';
import { formatMeetingDay, formatMeetingStart, formatMeetingTime } from './meeting-dates';

/**
 * The meeting variables every meeting purpose declares (PURPOSE_VARIABLES in @app/mail), in the language the
 * message is written in. Empty strings for what is not set, so `{{#if meeting.venue}}` works in templates.
 */
export function meetingVariables(
  meeting: Pick<
    Meeting,
    'title' | 'startsAt' | 'endsAt' | 'venue' | 'address' | 'city' | 'rsvpDeadline' | 'description' | 'agenda'
  >,
  regionName: string,
  language: TemplateLanguage,
): Record<string, string> {
  return {
    'meeting.title': meeting.title,
    'meeting.date': formatMeetingStart(meeting.startsAt, language),
    'meeting.time': formatMeetingTime(meeting.startsAt, meeting.endsAt, language),
    'meeting.venue': meeting.venue ?? '',
    'meeting.address': meeting.address ?? '',
    'meeting.city': meeting.city ?? '',
    'meeting.region': regionName,
    'meeting.deadline': meeting.rsvpDeadline ? formatMeetingDay(meeting.rsvpDeadline, language) : '',
    'meeting.description': meeting.description ?? '',
    'meeting.agenda': meeting.agenda ?? '',
  };
}
