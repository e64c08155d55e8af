import { render, waitFor } from '@testing-library/react';
import { createRef } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import MjmlEditor, { type MjmlEditorHandle } from './MjmlEditor';

const MJML = ['<mjml>', '  <mj-body>', '    <mj-textt>fel</mj-textt>', '  </mj-body>', '</mjml>'].join('\n');

/** The real CodeMirror editor in jsdom: what it shows, and what it reports. */
describe('MjmlEditor', () => {
  beforeAll(() => {
    // jsdom lays nothing out; CodeMirror measures text ranges for its selection layer.
    const noRects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
    Range.prototype.getClientRects ??= noRects;
    Range.prototype.getBoundingClientRect ??= () => new DOMRect();
  });

  it('marks the API’s problems on their lines', async () => {
    const { container } = render(
      <MjmlEditor
        value={MJML}
        onChange={() => undefined}
        readOnly={false}
        label="MJML-kod, Svenska"
        problems={[
          { part: 'body', language: 'sv', line: 3, message: 'Elementet <mj-textt> finns inte i MJML' },
        ]}
      />,
    );
    await waitFor(() => expect(container.querySelector('.cm-lintRange-error')).not.toBeNull());
    const marked = container.querySelectorAll('.cm-lintRange-error');
    expect(marked).toHaveLength(1);
    expect(marked[0].closest('.cm-line')?.textContent).toBe('    <mj-textt>fel</mj-textt>');
    expect(container.querySelector('.cm-content')?.getAttribute('aria-label')).toBe('MJML-kod, Svenska');
  });

  it('inserts at the cursor and reports the new text; a new value from outside replaces its text', () => {
    const onChange = vi.fn();
    const ref = createRef<MjmlEditorHandle>();
    const { container, rerender } = render(
      <MjmlEditor ref={ref} value="Hej !" onChange={onChange} readOnly={false} label="x" problems={[]} />,
    );
    ref.current!.goToLine(1);
    ref.current!.insert('{{firstName}}');
    expect(onChange).toHaveBeenLastCalledWith('{{firstName}}Hej !');
    rerender(
      <MjmlEditor ref={ref} value="Ny text" onChange={onChange} readOnly={false} label="x" problems={[]} />,
    );
    expect(container.querySelector('.cm-content')?.textContent).toBe('Ny text');
    // Replacing from outside is not an edit of the user's: still reported, so the page's draft is the text shown.
    expect(onChange).toHaveBeenLastCalledWith('Ny text');
  });

  it('read-only: nothing is inserted, and the text area says so', () => {
    const onChange = vi.fn();
    const ref = createRef<MjmlEditorHandle>();
    const { container } = render(
      <MjmlEditor ref={ref} value="Hej" onChange={onChange} readOnly label="x" problems={[]} />,
    );
    ref.current!.insert('{{firstName}}');
    expect(onChange).not.toHaveBeenCalled();
    expect(container.querySelector('.cm-content')?.getAttribute('aria-readonly')).toBe('true');
    expect(container.querySelector('.cm-content')?.textContent).toBe('Hej');
  });
});
