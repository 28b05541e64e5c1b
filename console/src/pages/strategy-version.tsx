// One strategy version from GET /v1/strategies/{id}/versions/{version}: whether
// new cases start on it, the button that makes it so (PUT /v1/strategies/default),
// and its split and ladders as tables.
import { useState } from 'react';
import { api, errorText } from '../api/client';
import { dateTime } from '../format';
import { useI18n } from '../i18n';
import { pathWithQuery, useLocation } from '../router';
import { useSession } from '../session';
import { useApi } from '../use-api';
import { ApiProblem } from './ApiProblem';
import { StrategyTables } from './strategy-ladder';
import { Link, readVersion, strategyLabel, useStrategyList } from './strategy-list';

export function StrategyVersionPage({ id, version }: { id: string; version: number }) {
  const { t, language } = useI18n();
  const { query } = useLocation();
  const stored = useApi(() => readVersion(id, version), [id, version]);
  const label = strategyLabel({ id, version });
  return (
    <section>
      <p>
        <Link to="/strategies">{t('strategies.back')}</Link>
      </p>
      <h1>{stored.data ? t('strategies.versionTitle', { name: stored.data.strategy.name, strategy: label }) : label}</h1>
      {!stored.data ? (
        <ApiProblem state={stored} forbidden={t('strategies.forbidden')} />
      ) : (
        <>
          {query.get('published') && (
            <p role="status" className="ok">
              {t('strategies.justPublished')}
            </p>
          )}
          <p>{stored.data.strategy.description}</p>
          <p className="muted">{t('strategies.published', { actor: stored.data.createdBy, at: dateTime(stored.data.createdAt, language) })}</p>
          <DefaultChoice id={id} version={version} />
          <p className="links">
            <Link to={pathWithQuery('/strategies/new', { from: `${id}@${version}` })}>{t('strategies.editAsNew')}</Link>
            <Link to={pathWithQuery('/cases', { strategyVersion: `${id}@${version}` })}>{t('strategies.casesOnVersion')}</Link>
          </p>
          <StrategyTables strategy={stored.data.strategy} />
        </>
      )}
    </section>
  );
}

function DefaultChoice({ id, version }: { id: string; version: number }) {
  const { t } = useI18n();
  const { has } = useSession();
  const list = useStrategyList();
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ done?: string; refused?: string }>({});
  const chosen = list.data?.defaultStrategy;
  if (!list.data) return <ApiProblem state={list} />;
  const isDefault = chosen?.id === id && chosen.version === version;

  async function makeDefault() {
    setSending(true);
    const { data, error } = await api.PUT('/v1/strategies/default', { body: { id, version } });
    setSending(false);
    setOutcome(data ? { done: t('strategies.defaultChosen', { strategy: strategyLabel(data.defaultStrategy) }) } : { refused: t('strategies.refused', { message: errorText(error, '') }) });
    list.reload();
  }

  return (
    <div className="default-choice">
      <p>{isDefault ? t('strategies.isTheDefault') : chosen ? t('strategies.notTheDefault', { strategy: strategyLabel(chosen) }) : t('strategies.noDefault')}</p>
      {!isDefault && (
        <p>
          <button type="button" onClick={() => void makeDefault()} disabled={sending || !(has('supervisor') || has('strategist'))} aria-describedby={(has('supervisor') || has('strategist')) ? undefined : 'default-role'}>
            {sending ? t('strategies.makingDefault') : t('strategies.makeDefault')}
          </button>{' '}
          {!(has('supervisor') || has('strategist')) && (
            <span id="default-role" className="disabled-reason">
              {t('strategies.writeRole')}
            </span>
          )}
        </p>
      )}
      {outcome.done && (
        <p role="status" className="ok">
          {outcome.done}
        </p>
      )}
      {outcome.refused && (
        <p role="alert" className="refused">
          {outcome.refused}
        </p>
      )}
    </div>
  );
}
