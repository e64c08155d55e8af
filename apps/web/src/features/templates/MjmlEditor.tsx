import { xml } from '@codemirror/lang-xml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { diagnosticsFor, insertionAt, type TemplateProblem } from './template-editing';

/** What the page may do with the editor: put text at the cursor, move to a line. */
export interface MjmlEditorHandle {
  insert(text: string): void;
  goToLine(line: number): void;
}

export interface MjmlEditorProps {
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  /** The variant's body problems: marked at their lines. */
  problems: readonly TemplateProblem[];
  /** The editor's accessible name (a text area has no visible label of its own). */
  label: string;
  /** The id of the text that describes the problems, for screen readers. */
  describedBy?: string;
  ref?: Ref<MjmlEditorHandle>;
}

/**
 * Readable in the app's colours (WCAG AA contrast): the gutter's numbers as dark as body text (CodeMirror's grey
 * ones are too faint), the active line and a line with an error marked by a bar at its left rather than a tinted
 * background (the highlighting's colours keep 4.5:1 only on white), a fixed height with its own scrolling.
 */
const theme = EditorView.theme({
  '&': {
    height: 'min(28rem, 60vh)',
    fontSize: '14px',
    border: '1px solid var(--mantine-color-gray-5)',
    borderRadius: '4px',
  },
  '&.cm-focused': { outline: '2px solid var(--mantine-color-blue-6)', outlineOffset: '1px' },
  '.cm-scroller': {
    overflow: 'auto',
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  },
  '.cm-gutters': { backgroundColor: '#f1f3f5', color: '#495057', borderRight: '1px solid #dee2e6' },
  '.cm-activeLineGutter': { backgroundColor: '#d0ebff', color: '#212529' },
  '.cm-activeLine': { backgroundColor: 'transparent', boxShadow: 'inset 3px 0 0 #74c0fc' },
  '.cm-line:has(.cm-lintRange-error)': { boxShadow: 'inset 4px 0 0 #c92a2a' },
});

/**
 * CodeMirror 6 for MJML: XML highlighting, line numbers, undo, search (basicSetup), the API's problems as lint
 * marks on their lines and in the gutter. Loaded only with the template page's editor (React.lazy), so none of
 * it is in the app's first download. The text is the editor's own; `value` from outside replaces it only when
 * it differs from what the editor last reported.
 */
export default function MjmlEditor({
  value,
  onChange,
  readOnly,
  problems,
  label,
  describedBy,
  ref,
}: MjmlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const reported = useRef(value);
  const onChangeRef = useRef(onChange);
  const readOnlyCompartment = useRef(new Compartment());
  const attributesCompartment = useRef(new Compartment());

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  // Made once; props below reconfigure it.
  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: reported.current,
        extensions: [
          basicSetup,
          xml(),
          lintGutter(),
          theme,
          EditorView.lineWrapping,
          readOnlyCompartment.current.of(EditorState.readOnly.of(readOnly)),
          attributesCompartment.current.of(contentAttributes(label, describedBy, readOnly)),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            const text = update.state.doc.toString();
            reported.current = text;
            onChangeRef.current(text);
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; readOnly, label and value changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({
      effects: [
        readOnlyCompartment.current.reconfigure(EditorState.readOnly.of(readOnly)),
        attributesCompartment.current.reconfigure(contentAttributes(label, describedBy, readOnly)),
      ],
    });
  }, [readOnly, label, describedBy]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || value === reported.current) return;
    reported.current = value;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const diagnostics: Diagnostic[] = diagnosticsFor(problems, editor.state.doc.toString()).map((d) => ({
      from: d.from,
      to: d.to,
      severity: 'error',
      message: d.message,
    }));
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [problems]);

  useImperativeHandle(
    ref,
    () => ({
      insert(text) {
        const editor = view.current;
        if (!editor || editor.state.readOnly) return;
        const { from, to } = editor.state.selection.main;
        editor.dispatch({ ...insertionAt({ from, to }, text), scrollIntoView: true });
        editor.focus();
      },
      goToLine(line) {
        const editor = view.current;
        if (!editor) return;
        const target = editor.state.doc.line(Math.min(Math.max(line, 1), editor.state.doc.lines));
        editor.dispatch({ selection: { anchor: target.from }, scrollIntoView: true });
        editor.focus();
      },
    }),
    [],
  );

  return <div ref={host} data-testid="mjml-editor" />;
}

function contentAttributes(label: string, describedBy: string | undefined, readOnly: boolean) {
  return EditorView.contentAttributes.of({
    'aria-label': label,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    ...(readOnly ? { 'aria-readonly': 'true' } : {}),
  });
}
