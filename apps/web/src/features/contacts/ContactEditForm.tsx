import {
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
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
import {
  CONTACT_LANGUAGES,
  CONTACT_ROLES,
  type ContactLanguage,
  type ContactRole,
} from '../../lib/vocabulary';

type Contact = Schemas['ContactResponseDto'];
type Update = Schemas['UpdateContactDto'];

interface Values {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  title: string;
  language: ContactLanguage;
  roles: ContactRole[];
  elected: boolean;
  tags: string[];
  notes: string;
}

const valuesOf = (c: Contact): Values => ({
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email ?? '',
  phone: c.phone ?? '',
  title: c.title ?? '',
  language: c.language,
  roles: [...c.roles],
  elected: c.elected,
  tags: [...c.tags],
  notes: c.notes ?? '',
});

const orNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());

/**
 * PATCH /api/contacts/:id with what was changed. A refusal shows the API's Swedish message beside the field it
 * names (and above the form for the rest); what was typed stays.
 */
export function ContactEditForm({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => valuesOf(contact));
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const save = useMutation({
    mutationFn: () => {
      const before = valuesOf(contact);
      const body: Update = {};
      if (values.firstName !== before.firstName) body.firstName = orNull(values.firstName);
      if (values.lastName !== before.lastName) body.lastName = orNull(values.lastName);
      if (values.email !== before.email) body.email = orNull(values.email);
      if (values.phone !== before.phone) body.phone = orNull(values.phone);
      if (values.title !== before.title) body.title = orNull(values.title);
      if (values.notes !== before.notes) body.notes = orNull(values.notes);
      if (values.language !== before.language) body.language = values.language;
      if (values.elected !== before.elected) body.elected = values.elected;
      if (values.roles.join('\n') !== before.roles.join('\n')) body.roles = values.roles;
      if (values.tags.join('\n') !== before.tags.join('\n')) body.tags = values.tags;
      return unwrap(api.PATCH('/api/contacts/{id}', { params: { path: { id: contact.id } }, body }));
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(['contact', contact.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      notifications.show({ color: 'green', message: t('contact.saved') });
      onDone();
    },
  });

  const error = save.error instanceof ApiError ? save.error : null;
  const fieldError = (name: keyof Values) => error?.field(name);
  const shownFields: (keyof Values)[] = [
    'firstName',
    'lastName',
    'email',
    'phone',
    'title',
    'language',
    'roles',
    'elected',
    'tags',
    'notes',
  ];
  const formLevel = save.isError && !shownFields.some((f) => fieldError(f)) ? errorMessage(save.error) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
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
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('contact.firstName')}
            value={values.firstName}
            onChange={(e) => set('firstName', e.currentTarget.value)}
            error={fieldError('firstName')}
          />
          <TextInput
            label={t('contact.lastName')}
            value={values.lastName}
            onChange={(e) => set('lastName', e.currentTarget.value)}
            error={fieldError('lastName')}
          />
          <TextInput
            label={t('contact.email')}
            type="email"
            value={values.email}
            onChange={(e) => set('email', e.currentTarget.value)}
            error={fieldError('email')}
          />
          <TextInput
            label={t('contact.phone')}
            type="tel"
            value={values.phone}
            onChange={(e) => set('phone', e.currentTarget.value)}
            error={fieldError('phone')}
          />
          <TextInput
            label={t('contact.title')}
            value={values.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            error={fieldError('title')}
          />
          <Select
            label={t('contact.language')}
            data={CONTACT_LANGUAGES.map((l) => ({ value: l, label: t(`contacts.languages.${l}`) }))}
            value={values.language}
            onChange={(v) => v && set('language', v as ContactLanguage)}
            allowDeselect={false}
            error={fieldError('language')}
          />
        </SimpleGrid>
        <MultiSelect
          label={t('contact.roles')}
          data={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contacts.roles.${r}`) }))}
          value={values.roles}
          onChange={(v) => set('roles', v as ContactRole[])}
          error={fieldError('roles')}
        />
        <Checkbox
          label={t('contact.elected')}
          checked={values.elected}
          onChange={(e) => set('elected', e.currentTarget.checked)}
          error={fieldError('elected')}
        />
        <TagsInput
          label={t('contact.tags')}
          description={t('contact.tagsHint')}
          value={values.tags}
          onChange={(v) => set('tags', v)}
          error={fieldError('tags')}
        />
        <Textarea
          label={t('contact.notes')}
          autosize
          minRows={2}
          value={values.notes}
          onChange={(e) => set('notes', e.currentTarget.value)}
          error={fieldError('notes')}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {save.isPending ? t('contact.saving') : t('contact.save')}
          </Button>
          <Button variant="default" onClick={onDone} disabled={save.isPending}>
            {t('contact.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
