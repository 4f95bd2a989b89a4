"use client";
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, insertNewlineAndIndent } from "@codemirror/commands";
import { bracketMatching, HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { lintKeymap } from "@codemirror/lint";
import { EditorState, Prec, StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, keymap, placeholder, type DecorationSet } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { PromQLExtension } from "@prometheus-io/codemirror-promql";
import { useEffect, useRef } from "react";

/** Marks where the server said the last run query is wrong; `null` clears the mark. */
const setServerError = StateEffect.define<number | null>();

const serverErrorMark = Decoration.mark({ class: "cm-server-error", attributes: { "data-testid": "editor-error-mark" } });

// The server's parse error stays visible until the query is edited, unlike the client-side linter's own
// diagnostics, which it recomputes (and may drop) on its own schedule.
const serverError = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) {
      if (!effect.is(setServerError)) continue;
      const length = tr.state.doc.length;
      if (effect.value === null || length === 0) return Decoration.none;
      // An error at the end of input ("unexpected end of input") marks the last character.
      const from = Math.min(effect.value, length - 1);
      return Decoration.set([serverErrorMark.range(from, from + 1)]);
    }
    return tr.docChanged ? Decoration.none : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const highlight = HighlightStyle.define([
  { tag: tags.function(tags.variableName), color: "#4cc9f0" },
  { tag: [tags.operatorKeyword, tags.modifier], color: "#b07cf7" },
  { tag: tags.labelName, color: "#f2b84b" },
  { tag: tags.string, color: "#43c07a" },
  { tag: tags.number, color: "#f78c6b" },
  { tag: [tags.operator, tags.logicOperator, tags.arithmeticOperator], color: "#9aa5b1" },
  { tag: tags.comment, color: "#9aa5b1", fontStyle: "italic" },
  { tag: tags.invalid, color: "#f0616d" },
]);

const theme = EditorView.theme(
  {
    "&": { background: "var(--bg)", border: "1px solid var(--border)", borderRadius: "6px", color: "var(--text)" },
    "&.cm-focused": { outline: "2px solid var(--accent)", borderColor: "transparent" },
    ".cm-content": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", padding: "8px 0", caretColor: "var(--text)" },
    ".cm-line": { padding: "0 10px" },
    ".cm-server-error": { textDecoration: "underline wavy var(--danger)", background: "rgba(240, 97, 109, .25)" },
    ".cm-tooltip": { background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" },
    ".cm-tooltip-autocomplete > ul > li[aria-selected]": { background: "var(--accent)", color: "#fff" },
    ".cm-completionDetail": { color: "var(--muted)" },
  },
  { dark: true },
);

/**
 * A PromQL editor: highlighting, linting and completion of functions, metric names, label names and values
 * from the tenant's own data. Enter runs the query, Shift+Enter starts a new line. `value` is the query last
 * run (it replaces the text when it changes from outside, e.g. from the history); `errorOffset` marks where
 * the server located an error in it.
 */
export function PromQLEditor(props: {
  tenant: string;
  value: string;
  errorOffset: number | undefined;
  onRun: (query: string) => void;
  onDraftChange: (draft: string) => void;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The editor is built once per tenant; these refs let its handlers call the latest callbacks.
  const onRun = useRef(props.onRun);
  const onDraftChange = useRef(props.onDraftChange);
  const initial = useRef(props.value);
  useEffect(() => {
    onRun.current = props.onRun;
    onDraftChange.current = props.onDraftChange;
  }, [props.onRun, props.onDraftChange]);

  useEffect(() => {
    const promql = new PromQLExtension().setComplete({
      remote: {
        url: window.location.origin,
        // Our label and series endpoints take GET like Prometheus; the header picks the tenant for the session.
        httpMethod: "GET",
        requestHeaders: new Headers({ "x-boardwatch-tenant": props.tenant }),
      },
    });
    const run = (v: EditorView) => {
      onRun.current(v.state.doc.toString());
      return true;
    };
    const editor = new EditorView({
      parent: parent.current!,
      state: EditorState.create({
        doc: initial.current,
        extensions: [
          history(),
          closeBrackets(),
          bracketMatching(),
          autocompletion(),
          syntaxHighlighting(highlight),
          promql.asExtension(),
          serverError,
          theme,
          placeholder("Expression (press Enter to run, Shift+Enter for a new line)"),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": "PromQL query" }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onDraftChange.current(update.state.doc.toString());
          }),
          // Below the completion keymap that autocompletion() installs, so Enter picks an open completion.
          Prec.high(keymap.of([{ key: "Enter", run }, { key: "Shift-Enter", run: insertNewlineAndIndent }])),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      promql.destroy();
      view.current = null;
    };
  }, [props.tenant]);

  useEffect(() => {
    const editor = view.current;
    const text = editor?.state.doc.toString();
    if (editor && text !== props.value) editor.dispatch({ changes: { from: 0, to: text!.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    const editor = view.current;
    // An error located in the query as it was run means nothing once the text has been edited since.
    if (editor && editor.state.doc.toString() === props.value) editor.dispatch({ effects: setServerError.of(props.errorOffset ?? null) });
  }, [props.value, props.errorOffset]);

  return <div ref={parent} data-testid="promql-editor" />;
}
