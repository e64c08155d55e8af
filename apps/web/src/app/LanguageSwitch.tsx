import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, type Language } from '../i18n';

/** Svenska / English, kept in localStorage (i18n/index.ts). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div role="group" aria-labelledby={id}>
      <VisuallyHidden id={id}>{t('app.language')}</VisuallyHidden>
      <SegmentedControl
        size="xs"
        value={i18n.language === 'en' ? 'en' : 'sv'}
        onChange={(value) => void chooseLanguage(value as Language)}
        data={[
          { value: 'sv', label: 'Svenska' },
          { value: 'en', label: 'English' },
        ]}
      />
    </div>
  );
}
