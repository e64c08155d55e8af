import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import type { TemplateLanguage, TemplatePurpose, TemplateVariant } from './template-editing';

/** How long typing must pause before the preview is made again. */
export const PREVIEW_DEBOUNCE_MS = 400;

export function useTemplates() {
  const api = useApi();
  return useQuery({
    queryKey: ['templates'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/templates', { signal })),
  });
}

export function useTemplate(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['template', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/templates/{id}', { params: { path: { id } }, signal })),
  });
}

/** The variables (and helpers) a template for `purpose` may use; they change only with a release. */
export function useTemplateVariables(purpose: TemplatePurpose | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['template-variables', purpose],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/templates/variables', { params: { query: { purpose } }, signal })),
    enabled: purpose !== undefined,
    staleTime: Infinity,
  });
}

/**
 * The editor's unsaved text rendered by the API (POST /api/templates/draft-preview), made again once typing has
 * paused for PREVIEW_DEBOUNCE_MS; the previous answer stays on screen meanwhile. Each answer is dropped once it is
 * no longer shown (a long letter's HTML per pause would otherwise pile up).
 */
export function useDraftPreview(
  purpose: TemplatePurpose,
  language: TemplateLanguage,
  variant: TemplateVariant,
  enabled: boolean,
) {
  const api = useApi();
  const { subject, mjml } = variant;
  // One object per change of what is shown (not per render), so the pause is timed from the last keystroke and
  // the language and its text always travel together.
  const draft = useMemo(() => ({ purpose, language, subject, mjml }), [purpose, language, subject, mjml]);
  const [debounced] = useDebouncedValue(draft, PREVIEW_DEBOUNCE_MS);
  return useQuery({
    queryKey: ['template-draft-preview', debounced],
    queryFn: ({ signal }) => unwrap(api.POST('/api/templates/draft-preview', { body: debounced, signal })),
    enabled: enabled && debounced.mjml.trim() !== '',
    placeholderData: keepPreviousData,
    gcTime: 0,
    retry: false,
  });
}

/** A stored version rendered with sample data (for viewers, who see what is saved). */
export function useSavedPreview(
  templateId: string,
  versionId: string | null,
  language: TemplateLanguage,
  enabled: boolean,
) {
  const api = useApi();
  return useQuery({
    queryKey: ['template-preview', templateId, versionId, language],
    queryFn: ({ signal }) =>
      unwrap(
        api.POST('/api/templates/{id}/preview', {
          params: { path: { id: templateId } },
          body: { language, ...(versionId ? { versionId } : {}) },
          signal,
        }),
      ),
    enabled: enabled && versionId !== null,
    placeholderData: keepPreviousData,
  });
}
