// A new strategy version written as JSON: a plain monospace textarea with line
// numbers beside it (no editor library to ship), checked for JSON syntax as it
// is typed, with the line and column of the first error. The schema is the API's to check: when it refuses
// the document (VALIDATION_FAILED), each problem is listed by its path beside
// the editor, with a button to the line where that value starts.
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, errorText, type ApiErrorBody } from '../api/client';
import { useI18n } from '../i18n';
import { navigate, pathWithQuery, useLocation } from '../router';
import { useSession } from '../session';
import { useApi } from '../use-api';
import { ApiProblem } from './ApiProblem';
import { documentPath, placeOf, readJson, startOfPath } from './strategy-json';
import type { StrategyDocument } from './strategy-ladder';
import { Link, readVersion, strategyLabel, useStrategyList, versionPath, type StoredVersion } from './strategy-list';

/** Which version to start from: ?from=<id>@<version>, else the default. */
function startingPoint(from: string | null, fallback: { id: string; version: number } | null | undefined) {
  const match = from && /^([a-z0-9][a-z0-9-]*)@(\d+)$/.exec(from);
  return match ? { id: match[1], version: Number(match[2]) } : fallback;
}

export function StrategyEditorPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const list = useStrategyList();
  const start = list.data && startingPoint(query.get('from'), list.data.defaultStrategy ?? list.data.strategies[0]);
  const stored = useApi<StoredVersion>(() => (start ? readVersion(start.id, start.version) : Promise.resolve({})), [start]);
  // The draft starts from the chosen version with the next free version number of its id.
  const draft = useMemo(() => {
    if (!list.data || !stored.data) return undefined;
    const { strategy } = stored.data;
    const latest = Math.max(0, ...list.data.strategies.filter((row) => row.id === strategy.id).map((row) => row.version));
    return JSON.stringify({ ...strategy, version: latest + 1 }, null, 2);
  }, [list.data, stored.data]);

  return (
    <section>
      <p>
        <Link to="/strategies">{t('strategies.back')}</Link>
      </p>
      <h1>{t('strategies.editor.title')}</h1>
      <p>{t('strategies.editor.intro')}</p>
      {!draft || !start ? (
        <ApiProblem state={list.data ? stored : list} forbidden={t('strategies.forbidden')} />
      ) : (
        <>
          <p className="muted">{t('strategies.editor.from', { strategy: strategyLabel(start) })}</p>
          <StrategyEditor key={draft} initial={draft} />
        </>
      )}
    </section>
  );
}

function StrategyEditor({ initial }: { initial: string }) {
  const { t } = useI18n();
  const { has } = useSession();
  const ids = { editor: useId(), syntax: useId(), problems: useId(), role: useId() };
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLPreElement>(null);
  const [text, setText] = useState(initial);
  const [caret, setCaret] = useState(0);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<{ error?: ApiErrorBody }>();
  const reading = useMemo(() => readJson(text), [text]);
  const place = placeOf(text, caret);
  const lineCount = text.split('\n').length;
  const lineNumbers = useMemo(() => Array.from({ length: lineCount }, (_, index) => index + 1).join('\n'), [lineCount]);
  const mayPublish = (has('supervisor') || has('strategist'));

  function goTo(offset: number) {
    const editor = area.current;
    if (!editor) return;
    editor.focus();
    editor.setSelectionRange(offset, offset);
    const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 18;
    editor.scrollTop = Math.max(0, (placeOf(text, offset).line - 3) * lineHeight);
    setCaret(offset);
  }

  async function publish(event: FormEvent) {
    event.preventDefault();
    if (!reading.ok || !mayPublish) return;
    setSending(true);
    const { data, error } = await api.POST('/v1/strategies', { body: reading.value as StrategyDocument });
    setSending(false);
    if (data) navigate(pathWithQuery(versionPath(data.strategy.id, data.strategy.version), { published: '1' }));
    else setRefusal({ error });
  }

  const details = refusal?.error?.error.code === 'VALIDATION_FAILED' ? (refusal.error.error.details ?? []) : [];
  const starts = reading.ok ? reading.starts : undefined;
  const describedBy = [ids.syntax, refusal && ids.problems].filter(Boolean).join(' ');
  return (
    <form className="strategy-editor" onSubmit={publish} aria-label={t('strategies.editor.title')}>
      <div className="editor-pane">
        <label htmlFor={ids.editor}>{t('strategies.editor.label')}</label>
        <div className="json-editor">
          <pre className="gutter" aria-hidden="true" ref={gutter}>
            {lineNumbers}
          </pre>
          <textarea
            id={ids.editor}
            ref={area}
            className="json"
            value={text}
            rows={30}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            aria-invalid={!reading.ok || details.length > 0}
            aria-describedby={describedBy}
            onChange={(event) => setText(event.target.value)}
            onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
            onScroll={(event) => gutter.current && (gutter.current.scrollTop = event.currentTarget.scrollTop)}
          />
        </div>
        <p className="muted caret">{t('strategies.editor.caret', { line: place.line, column: place.column })}</p>
        <div id={ids.syntax} aria-live="polite">
          {reading.ok ? (
            <p className="ok">{t('strategies.editor.syntaxOk')}</p>
          ) : (
            <p className="problem">
              {t('strategies.editor.syntax', {
                line: reading.problem.line,
                column: reading.problem.column,
                found: reading.problem.found === undefined ? t('strategies.editor.end') : JSON.stringify(reading.problem.found),
              })}{' '}
              <button type="button" className="link" onClick={() => goTo(reading.problem.offset)}>
                {t('strategies.editor.goTo', { line: reading.problem.line })}
              </button>
            </p>
          )}
        </div>
        <p>
          <button type="submit" disabled={sending || !reading.ok || !mayPublish} aria-describedby={!mayPublish ? ids.role : undefined}>
            {sending ? t('strategies.editor.publishing') : t('strategies.editor.publish')}
          </button>{' '}
          {!mayPublish ? (
            <span id={ids.role} className="disabled-reason">
              {t('strategies.writeRole')}
            </span>
          ) : (
            !reading.ok && <span className="disabled-reason">{t('strategies.editor.fixSyntax')}</span>
          )}
        </p>
      </div>
      {refusal && (
        <section className="editor-problems" id={ids.problems} role="alert" aria-labelledby={`${ids.problems}-title`}>
          {details.length > 0 ? (
            <>
              <h2 id={`${ids.problems}-title`}>{t('strategies.editor.problems', { count: details.length })}</h2>
              <p className="muted">{t('strategies.editor.problemsIntro')}</p>
              <ul>
                {details.map((detail, index) => {
                  const offset = starts && startOfPath(starts, detail.path);
                  const path = documentPath(detail.path);
                  return (
                    <li key={index}>
                      <code className="path">{path || t('strategies.editor.wholeDocument')}</code>: <span>{detail.message}</span>{' '}
                      {offset !== undefined && (
                        <button type="button" className="link" onClick={() => goTo(offset)}>
                          {t('strategies.editor.goTo', { line: placeOf(text, offset).line })}
                        </button>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          ) : (
            <p id={`${ids.problems}-title`} className="refused">
              {t('strategies.refused', { message: errorText(refusal.error, '') })}
            </p>
          )}
        </section>
      )}
    </form>
  );
}
