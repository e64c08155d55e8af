import type { Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';

export type TemplateProblem = Schemas['TemplateProblemDto'];
export type TemplateLanguage = TemplateProblem['language'];
export type TemplatePurpose = Schemas['TemplateSummaryDto']['purpose'];
export type TemplateVariant = Schemas['TemplateSourceDto'];

/** The two variants being edited: Swedish always, English once staff added it. */
export interface TemplateDrafts {
  sv: TemplateVariant;
  en: TemplateVariant | null;
}

export const TEMPLATE_LANGUAGES: readonly TemplateLanguage[] = ['sv', 'en'];

/** The API's purposes, typed from its document (a value the API drops fails the type check here). */
export const TEMPLATE_PURPOSES: readonly TemplatePurpose[] = [
  'newsletter',
  'host_request',
  'invitation',
  'reminder',
  'confirmation',
  'notice',
  'survey',
];

/** A mark in the editor: characters from..to of the text, and what is wrong there. */
export interface EditorDiagnostic {
  from: number;
  to: number;
  message: string;
  /** The line marked (from 1). */
  line: number;
}

/** The stored version's variants as drafts (what the editor starts from, and what "unsaved" compares with). */
export function draftsOf(version: Schemas['TemplateVersionViewDto'] | null): TemplateDrafts {
  if (!version) return { sv: { subject: '', mjml: '' }, en: null };
  return {
    sv: { subject: version.sv.subject, mjml: version.sv.mjml },
    en: version.en ? { subject: version.en.subject, mjml: version.en.mjml } : null,
  };
}

export function sameDrafts(a: TemplateDrafts, b: TemplateDrafts): boolean {
  const same = (x: TemplateVariant | null, y: TemplateVariant | null) =>
    x === y || (x !== null && y !== null && x.subject === y.subject && x.mjml === y.mjml);
  return same(a.sv, b.sv) && same(a.en, b.en);
}

/** A new English variant starts as a copy of the Swedish one, for staff to translate. */
export function withEnglish(drafts: TemplateDrafts): TemplateDrafts {
  return drafts.en ? drafts : { ...drafts, en: { ...drafts.sv } };
}

/** The template problems an API refusal carries (400 with details.problems), or none. */
export function problemsOfError(error: unknown): TemplateProblem[] {
  if (!(error instanceof ApiError)) return [];
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  if (!Array.isArray(problems)) return [];
  return problems.filter(
    (p): p is TemplateProblem =>
      typeof p === 'object' &&
      p !== null &&
      ((p as TemplateProblem).part === 'subject' || (p as TemplateProblem).part === 'body') &&
      ((p as TemplateProblem).language === 'sv' || (p as TemplateProblem).language === 'en') &&
      typeof (p as TemplateProblem).message === 'string' &&
      ((p as TemplateProblem).line === null || typeof (p as TemplateProblem).line === 'number'),
  );
}

/** One language's problems of one part, in line order (those without a line first: they concern the whole). */
export function problemsFor(
  problems: readonly TemplateProblem[],
  language: TemplateLanguage,
  part: TemplateProblem['part'],
): TemplateProblem[] {
  return problems
    .filter((p) => p.language === language && p.part === part)
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * The body problems as marks on their lines of `text`: a whole line each, from its first non-blank character to
 * its end. A line past the end (the text changed since it was checked) marks the last line; a problem without a
 * line (the whole text could not be read) marks the first.
 */
export function diagnosticsFor(problems: readonly TemplateProblem[], text: string): EditorDiagnostic[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return problems
    .filter((p) => p.part === 'body')
    .map((p) => {
      const line = Math.min(Math.max(p.line ?? 1, 1), starts.length);
      const lineStart = starts[line - 1];
      const lineEnd = line < starts.length ? starts[line] - 1 : text.length;
      const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0].length;
      const from = lineStart + indent < lineEnd ? lineStart + indent : lineStart;
      return { from, to: lineEnd, message: p.message, line };
    });
}

/** What a variable is written as in a template. */
export function variableToken(name: string): string {
  return `{{${name}}}`;
}

/**
 * The edit that puts `text` where the cursor is (replacing a selection), leaving the cursor after it: in
 * CodeMirror's transaction shape, so the editor applies it as it is.
 */
export function insertionAt(
  selection: { from: number; to: number },
  text: string,
): { changes: { from: number; to: number; insert: string }; selection: { anchor: number } } {
  const from = Math.min(selection.from, selection.to);
  const to = Math.max(selection.from, selection.to);
  return { changes: { from, to, insert: text }, selection: { anchor: from + text.length } };
}

/** The address a test goes to by default: the logged-in staff member's own. */
export function defaultTestAddress(session: { email: string } | null | undefined): string {
  return session?.email ?? '';
}
