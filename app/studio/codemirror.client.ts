// The Studio's source editor: CodeMirror 6 (MIT) with Markdown highlighting and the problems marked
// at their lines. Loaded only by the Studio's editor page, after hydration (a dynamic import), so no
// other page downloads it and the page works as a plain textarea without JavaScript.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'
import { markdown } from '@codemirror/lang-markdown'
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint'
import { EditorState } from '@codemirror/state'
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view'

/** The page's CSP nonce, as the browser keeps it on the scripts Remix wrote (the attribute is hidden). */
function pageNonce(): string {
  return document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? ''
}

export type SourceEditor = {
  insert(text: string, block: boolean): void
  setProblems(problems: Array<{ line: number | null; message: string }>): void
  destroy(): void
}

export function createSourceEditor(
  parent: HTMLElement,
  options: { doc: string; label: string; describedBy?: string; lang: string; onChange: (text: string) => void },
): SourceEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        markdown(),
        syntaxHighlighting(defaultHighlightStyle),
        lintGutter(),
        EditorView.lineWrapping,
        // CodeMirror's styles go in a <style> element: the page's CSP accepts it with the nonce.
        EditorView.cspNonce.of(pageNonce()),
        EditorView.contentAttributes.of({
          'aria-label': options.label,
          // Already in the tab order (contenteditable); said outright so checkers see the scroller's focusable content.
          tabindex: '0',
          lang: options.lang,
          ...(options.describedBy ? { 'aria-describedby': options.describedBy } : {}),
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString())
        }),
      ],
    }),
  })
  return {
    insert(text, block) {
      const { state } = view
      const range = state.selection.main
      const line = state.doc.lineAt(range.from)
      // A block component goes on lines of its own, with blank lines around it (MDX needs them).
      const insert = block
        ? `${line.text.trim() && range.from === line.to ? '\n\n' : range.from === line.from ? '' : '\n\n'}${text}\n\n`
        : text
      view.dispatch({
        changes: { from: range.from, to: range.to, insert },
        selection: { anchor: range.from + insert.length },
        scrollIntoView: true,
      })
      view.focus()
    },
    setProblems(problems) {
      const doc = view.state.doc
      const diagnostics: Diagnostic[] = problems.map((p) => {
        const line = doc.line(Math.min(Math.max(p.line ?? 1, 1), doc.lines))
        return { from: line.from, to: line.to, severity: 'error', message: p.message }
      })
      view.dispatch(setDiagnostics(view.state, diagnostics))
    },
    destroy() {
      view.destroy()
    },
  }
}
