import { Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { fullName } from '../../lib/vocabulary';
import { Banner } from './Banner';
import { matchesSearch } from './fold';
import type { CheckInRow } from './rows';
import type { OpPerson, WalkInBody } from './storage';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "Åsa Öberg" → first and last name (the last word is the last name). */
function splitName(text: string): { firstName: string; lastName: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.some((w) => w.includes('@'))) return { firstName: '', lastName: '' };
  if (words.length === 1) return { firstName: words[0], lastName: '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1)! };
}

/**
 * A walk-in: first and last name, e-mail and organisation optional. While typing it shows who on the list
 * matches (check them in instead) and, when online, who in the contact register does (a walk-in of that
 * contact); otherwise a new person, created when the queue sends it (once, whatever the resends).
 */
export function WalkInForm({
  meetingId,
  prefill,
  online,
  rows,
  onCheckIn,
  onWalkIn,
  onClose,
}: {
  meetingId: string;
  prefill: string;
  online: boolean;
  rows: CheckInRow[];
  onCheckIn: (row: CheckInRow) => void;
  onWalkIn: (body: Omit<WalkInBody, 'clientId'>, person: OpPerson) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const initial = splitName(prefill);
  const [firstName, setFirstName] = useState(initial.firstName);
  const [lastName, setLastName] = useState(initial.lastName);
  const [email, setEmail] = useState(prefill.includes('@') ? prefill.trim() : '');
  const [organizationName, setOrganizationName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const firstField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    firstField.current?.focus();
  }, []);

  const query = [firstName, lastName].join(' ').trim() || email.trim();
  const [debounced] = useDebouncedValue(email.trim() || query, 400);
  const onList = query.length >= 2 ? rows.filter((r) => matchesSearch(r, query)).slice(0, 5) : [];
  const onListIds = new Set(rows.map((r) => r.contactId));
  const register = useQuery({
    queryKey: ['checkIn', meetingId, 'search', debounced],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/meetings/{id}/attendance/search', {
          params: { path: { id: meetingId }, query: { q: debounced } },
          signal,
        }),
      ),
    enabled: online && debounced.length >= 3,
    staleTime: 60_000,
    retry: false,
  });
  const inRegister = (register.data?.items ?? []).filter((c) => !onListIds.has(c.id)).slice(0, 5);

  const reset = (name: string) => {
    setFirstName('');
    setLastName('');
    setEmail('');
    setOrganizationName('');
    setError(null);
    setAdded(t('checkIn.walkIn.added', { name }));
    firstField.current?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const person: OpPerson = {
      firstName: firstName.trim(),
      lastName: lastName.trim(),
      email: email.trim() || null,
      organizationName: organizationName.trim() || null,
    };
    if (!person.firstName || !person.lastName) {
      setError(t('checkIn.walkIn.required'));
      return;
    }
    if (person.email && !EMAIL.test(person.email)) {
      setError(t('checkIn.walkIn.invalidEmail'));
      return;
    }
    onWalkIn(
      {
        firstName: person.firstName,
        lastName: person.lastName,
        ...(person.email ? { email: person.email } : {}),
        ...(person.organizationName ? { organizationName: person.organizationName } : {}),
      },
      person,
    );
    reset(fullName(person));
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="spontanbesokare">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3" id="spontanbesokare">
            {t('checkIn.walkIn.title')}
          </Title>
          {added && <Banner tone="ok">{added}</Banner>}
          <TextInput
            ref={firstField}
            size="lg"
            label={t('checkIn.walkIn.firstName')}
            value={firstName}
            onChange={(e) => setFirstName(e.currentTarget.value)}
            autoComplete="off"
            required
          />
          <TextInput
            size="lg"
            label={t('checkIn.walkIn.lastName')}
            value={lastName}
            onChange={(e) => setLastName(e.currentTarget.value)}
            autoComplete="off"
            required
          />
          <TextInput
            size="lg"
            type="email"
            label={t('checkIn.walkIn.email')}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            autoComplete="off"
            inputMode="email"
          />
          <TextInput
            size="lg"
            label={t('checkIn.walkIn.organization')}
            value={organizationName}
            onChange={(e) => setOrganizationName(e.currentTarget.value)}
            autoComplete="off"
          />
          {error && (
            <Text c="red.9" role="alert">
              {error}
            </Text>
          )}

          {onList.length > 0 && (
            <Stack gap={4}>
              <Text fw={600} size="sm">
                {t('checkIn.walkIn.onList')}
              </Text>
              {onList.map((row) => (
                <Button
                  key={row.key}
                  size="lg"
                  variant="light"
                  className="check-in-wrap"
                  disabled={row.attendance === 'attended' || !row.contactId}
                  onClick={() => {
                    onCheckIn(row);
                    reset(fullName(row));
                  }}
                >
                  {t('checkIn.walkIn.choose', { name: fullName(row) })}
                </Button>
              ))}
            </Stack>
          )}
          {!online && <Text size="sm">{t('checkIn.walkIn.searchOffline')}</Text>}
          {online && register.isFetching && (
            <Text size="sm" c="dimmed" role="status">
              {t('checkIn.walkIn.searching')}
            </Text>
          )}
          {online && inRegister.length > 0 && (
            <Stack gap={4}>
              <Text fw={600} size="sm">
                {t('checkIn.walkIn.inRegister')}
              </Text>
              {inRegister.map((c) => (
                <Button
                  key={c.id}
                  size="lg"
                  variant="light"
                  className="check-in-wrap"
                  onClick={() => {
                    const person: OpPerson = {
                      firstName: c.firstName,
                      lastName: c.lastName,
                      email: c.email,
                      organizationName: c.organization?.name ?? null,
                    };
                    onWalkIn({ contactId: c.id }, person);
                    reset(fullName(c));
                  }}
                >
                  <span>
                    {t('checkIn.walkIn.choose', { name: fullName(c) })}
                    {c.organization?.name ? ` · ${c.organization.name}` : ''}
                  </span>
                </Button>
              ))}
            </Stack>
          )}

          <Button type="submit" size="lg" fullWidth className="check-in-wrap">
            {t('checkIn.walkIn.submit')}
          </Button>
          <Button size="lg" variant="default" fullWidth onClick={onClose}>
            {t('checkIn.walkIn.cancel')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
