import { Button, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, type Language } from '../i18n';

const LANGUAGES: { value: Language; label: string }[] = [
  { value: 'sv', label: 'Svenska' },
  { value: 'en', label: 'English' },
];

/**
 * Svenska / English, kept in localStorage (i18n/index.ts). Two toggle buttons rather than a SegmentedControl:
 * its sliding indicator measures the layout on every resize of the page, which the first render of a long table
 * in the shell then pays for.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = i18n.language === 'en' ? 'en' : 'sv';
  return (
    <div role="group" aria-labelledby={id}>
      <VisuallyHidden id={id}>{t('app.language')}</VisuallyHidden>
      <Button.Group>
        {LANGUAGES.map((l) => (
          <Button
            key={l.value}
            size="compact-xs"
            variant={l.value === current ? 'filled' : 'default'}
            aria-pressed={l.value === current}
            lang={l.value}
            onClick={() => void chooseLanguage(l.value)}
          >
            {l.label}
          </Button>
        ))}
      </Button.Group>
    </div>
  );
}
