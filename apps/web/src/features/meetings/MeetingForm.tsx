import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { formatNumber } from '../../lib/format';
import { useRegions } from '../../lib/queries';
import { useRounds } from '../rounds/queries';
import { toWallDate, toWallTime } from './meetingTime';

export type Meeting = Schemas['MeetingViewDto'];
type Create = Schemas['CreateMeetingDto'];
type Update = Schemas['UpdateMeetingDto'];

export interface MeetingValues {
  roundId: string;
  regionId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  venue: string;
  address: string;
  city: string;
  capacity: number | string;
  rsvpDeadline: string;
  description: string;
  agenda: string;
}

const FIELDS: (keyof MeetingValues)[] = [
  'roundId',
  'regionId',
  'title',
  'startsAt',
  'endsAt',
  'venue',
  'address',
  'city',
  'capacity',
  'rsvpDeadline',
  'description',
  'agenda',
];

export function valuesOf(m: Meeting): MeetingValues {
  return {
    roundId: m.roundId,
    regionId: String(m.region.id),
    title: m.title,
    startsAt: toWallTime(m.startsAt),
    endsAt: toWallTime(m.endsAt),
    venue: m.venue ?? '',
    address: m.address ?? '',
    city: m.city ?? '',
    capacity: m.capacity ?? '',
    rsvpDeadline: toWallDate(m.rsvpDeadline),
    description: m.description ?? '',
    agenda: m.agenda ?? '',
  };
}

const orNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());
const capacityOf = (v: number | string): number | null => (typeof v === 'number' ? v : null);

/** Whether a change moves the meeting (time or place): those coming then get a change notice. */
export function movesMeeting(before: MeetingValues, after: MeetingValues): boolean {
  return (['startsAt', 'endsAt', 'venue', 'address', 'city'] as const).some(
    (k) => before[k].trim() !== after[k].trim(),
  );
}

/** Those a change notice or a cancellation reaches: everyone who said yes or maybe, or waits for a place. */
export function noticeCount(m: Meeting): number {
  return m.responseCounts.yes + m.responseCounts.maybe + m.responseCounts.waitlisted;
}

/** The checks the browser can make before asking (the API makes them again, and more). */
function checkValues(v: MeetingValues, creating: boolean, t: (key: string) => string) {
  const errors: Partial<Record<keyof MeetingValues, string>> = {};
  if (creating && !v.roundId) errors.roundId = t('meetings.form.required');
  if (creating && !v.regionId) errors.regionId = t('meetings.form.required');
  if (!v.title.trim()) errors.title = t('meetings.form.required');
  if (!v.startsAt) errors.startsAt = t('meetings.form.required');
  if (!v.endsAt) errors.endsAt = t('meetings.form.required');
  if (v.startsAt && v.endsAt && v.endsAt <= v.startsAt) errors.endsAt = t('meetings.form.endBeforeStart');
  return errors;
}

/**
 * A meeting's form: POST /api/meetings for a new one, PATCH /api/meetings/:id with what changed for an existing
 * one. Times are Stockholm wall time (datetime-local, "2027-03-14T18:00", sent as typed). A refusal shows the
 * API's Swedish message beside the field it names, and what was typed stays. Moving a meeting that people are
 * coming to asks first, saying how many get a change notice.
 */
export function MeetingForm({
  meeting,
  initial,
  onDone,
}: {
  meeting?: Meeting;
  initial?: Partial<MeetingValues>;
  onDone: (saved: Meeting | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const rounds = useRounds();
  const regions = useRegions();
  const creating = !meeting;
  const [values, setValues] = useState<MeetingValues>(() => ({
    ...(meeting
      ? valuesOf(meeting)
      : {
          roundId: '',
          regionId: '',
          title: '',
          startsAt: '',
          endsAt: '',
          venue: '',
          address: '',
          city: '',
          capacity: '',
          rsvpDeadline: '',
          description: '',
          agenda: '',
        }),
    ...initial,
  }));
  const [checks, setChecks] = useState<Partial<Record<keyof MeetingValues, string>>>({});
  const [confirming, setConfirming] = useState(false);
  const [notify, setNotify] = useState(true);
  const set = <K extends keyof MeetingValues>(key: K, value: MeetingValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setChecks((c) => (c[key] ? { ...c, [key]: undefined } : c));
  };

  const save = useMutation({
    mutationFn: async (): Promise<Meeting> => {
      if (!meeting) {
        const body: Create = {
          roundId: values.roundId,
          regionId: Number(values.regionId),
          title: values.title.trim(),
          startsAt: values.startsAt,
          endsAt: values.endsAt,
          venue: orNull(values.venue),
          address: orNull(values.address),
          city: orNull(values.city),
          capacity: capacityOf(values.capacity),
          rsvpDeadline: orNull(values.rsvpDeadline),
          description: orNull(values.description),
          agenda: orNull(values.agenda),
        };
        return unwrap(api.POST('/api/meetings', { body }));
      }
      const before = valuesOf(meeting);
      const body: Update = {};
      if (values.title !== before.title) body.title = values.title.trim();
      if (values.startsAt !== before.startsAt) body.startsAt = values.startsAt;
      if (values.endsAt !== before.endsAt) body.endsAt = values.endsAt;
      for (const key of ['venue', 'address', 'city', 'rsvpDeadline', 'description', 'agenda'] as const)
        if (values[key] !== before[key]) body[key] = orNull(values[key]);
      if (values.capacity !== before.capacity) body.capacity = capacityOf(values.capacity);
      if (movesMeeting(before, values)) body.notify = notify;
      return unwrap(api.PATCH('/api/meetings/{id}', { params: { path: { id: meeting.id } }, body }));
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(['meeting', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['meetings'] });
      void queryClient.invalidateQueries({ queryKey: ['round-board'] });
      notifications.show({
        color: 'green',
        message: t(creating ? 'meetings.form.created' : 'meetings.form.saved'),
      });
      onDone(saved);
    },
  });

  const error = save.error instanceof ApiError ? save.error : null;
  const fieldError = (name: keyof MeetingValues) => checks[name] ?? error?.field(name);
  const formLevel = save.isError && !FIELDS.some((f) => error?.field(f)) ? errorMessage(save.error) : null;
  const told = meeting ? noticeCount(meeting) : 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkValues(values, creating, t);
    setChecks(found);
    if (Object.keys(found).length > 0) return;
    if (meeting && told > 0 && movesMeeting(valuesOf(meeting), values)) {
      setConfirming(true);
      return;
    }
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {formLevel && (
          <Alert color="red" role="alert">
            {formLevel}
          </Alert>
        )}
        {creating && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('meetings.form.round')}
              data={(rounds.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
              value={values.roundId || null}
              onChange={(v) => set('roundId', v ?? '')}
              error={fieldError('roundId')}
              required
            />
            <Select
              label={t('meetings.form.region')}
              data={(regions.data?.items ?? []).map((r) => ({ value: String(r.id), label: r.name }))}
              value={values.regionId || null}
              onChange={(v) => set('regionId', v ?? '')}
              error={fieldError('regionId')}
              searchable
              required
            />
          </SimpleGrid>
        )}
        <TextInput
          label={t('meetings.form.title')}
          placeholder={t('meetings.form.titlePlaceholder')}
          value={values.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={fieldError('title')}
          required
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="datetime-local"
            label={t('meetings.form.startsAt')}
            description={t('meetings.form.stockholmTime')}
            value={values.startsAt}
            onChange={(e) => set('startsAt', e.currentTarget.value)}
            error={fieldError('startsAt')}
            required
          />
          <TextInput
            type="datetime-local"
            label={t('meetings.form.endsAt')}
            description={t('meetings.form.stockholmTime')}
            value={values.endsAt}
            onChange={(e) => set('endsAt', e.currentTarget.value)}
            error={fieldError('endsAt')}
            required
          />
          <TextInput
            label={t('meetings.form.venue')}
            placeholder={t('meetings.form.venuePlaceholder')}
            value={values.venue}
            onChange={(e) => set('venue', e.currentTarget.value)}
            error={fieldError('venue')}
          />
          <TextInput
            label={t('meetings.form.address')}
            value={values.address}
            onChange={(e) => set('address', e.currentTarget.value)}
            error={fieldError('address')}
          />
          <TextInput
            label={t('meetings.form.city')}
            value={values.city}
            onChange={(e) => set('city', e.currentTarget.value)}
            error={fieldError('city')}
          />
          <NumberInput
            label={t('meetings.form.capacity')}
            description={t('meetings.form.capacityHint')}
            value={values.capacity}
            onChange={(v) => set('capacity', v)}
            min={1}
            allowDecimal={false}
            allowNegative={false}
            error={fieldError('capacity')}
          />
          <TextInput
            type="date"
            label={t('meetings.form.rsvpDeadline')}
            description={t('meetings.form.rsvpDeadlineHint')}
            value={values.rsvpDeadline}
            onChange={(e) => set('rsvpDeadline', e.currentTarget.value)}
            error={fieldError('rsvpDeadline')}
          />
        </SimpleGrid>
        <Textarea
          label={t('meetings.form.description')}
          autosize
          minRows={2}
          value={values.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          error={fieldError('description')}
        />
        <Textarea
          label={t('meetings.form.agenda')}
          autosize
          minRows={2}
          value={values.agenda}
          onChange={(e) => set('agenda', e.currentTarget.value)}
          error={fieldError('agenda')}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {creating ? t('meetings.form.create') : t('meetings.form.save')}
          </Button>
          <Button variant="default" onClick={() => onDone(null)} disabled={save.isPending}>
            {t('meetings.form.cancel')}
          </Button>
        </Group>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('meetings.move.title')}>
        <Stack>
          <Text>{t('meetings.move.text', { count: formatNumber(told, i18n.language) })}</Text>
          <Checkbox
            label={t('meetings.move.notify')}
            checked={notify}
            onChange={(e) => setNotify(e.currentTarget.checked)}
          />
          <Group>
            <Button
              onClick={() => {
                setConfirming(false);
                save.mutate();
              }}
            >
              {notify ? t('meetings.move.confirmNotify') : t('meetings.move.confirmSilent')}
            </Button>
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('meetings.form.cancel')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </form>
  );
}
