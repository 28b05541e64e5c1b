// The strategy versions from GET /v1/strategies, newest first, with the one new
// cases start on; /strategies/<id> narrows the table to one strategy's versions.
import { api } from '../api/client';
import { dateTime } from '../format';
import { useI18n } from '../i18n';
import { followLink } from '../router';
import { useSession } from '../session';
import { useApi } from '../use-api';
import { ApiProblem } from './ApiProblem';

export const versionPath = (id: string, version: number) => `/strategies/${encodeURIComponent(id)}/versions/${version}`;
export const strategyLabel = (choice: { id: string; version: number }) => `${choice.id} v${choice.version}`;

export function useStrategyList() {
  return useApi(() => api.GET('/v1/strategies').then(({ data, error, response }) => ({ data, error, status: response.status })), []);
}

export const readVersion = (id: string, version: number) =>
  api.GET('/v1/strategies/{id}/versions/{version}', { params: { path: { id, version } } }).then(({ data, error, response }) => ({ data, error, status: response.status }));
export type StoredVersion = NonNullable<Awaited<ReturnType<typeof readVersion>>['data']>;

export function Link({ to, children }: { to: string; children: string }) {
  return (
    <a href={`/console${to}`} onClick={(event) => followLink(event, to)}>
      {children}
    </a>
  );
}

export function StrategyListPage({ only }: { only?: string }) {
  const { t, language } = useI18n();
  const { has } = useSession();
  const list = useStrategyList();
  const chosen = list.data?.defaultStrategy;
  const rows = list.data?.strategies.filter((row) => !only || row.id === only);
  return (
    <section>
      <h1>{only ? t('strategies.versionsOf', { id: only }) : t('strategies.title')}</h1>
      {only && (
        <p>
          <Link to="/strategies">{t('strategies.all')}</Link>
        </p>
      )}
      <p>{t('strategies.intro')}</p>
      {!rows ? (
        <ApiProblem state={list} forbidden={t('strategies.forbidden')} />
      ) : (
        <>
          <p className="strategy-default">
            {chosen ? t('strategies.default', { strategy: strategyLabel(chosen) }) : t('strategies.noDefault')}
          </p>
          <p>{(has('supervisor') || has('strategist')) ? <Link to="/strategies/new">{t('strategies.newVersion')}</Link> : <span className="disabled-reason">{t('strategies.writeRole')}</span>}</p>
          <table>
            <caption>{t('strategies.versions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('strategies.id')}</th>
                <th scope="col" className="number">
                  {t('strategies.version')}
                </th>
                <th scope="col">{t('strategies.name')}</th>
                <th scope="col">{t('strategies.description')}</th>
                <th scope="col">{t('strategies.createdBy')}</th>
                <th scope="col">{t('strategies.createdAt')}</th>
                <th scope="col">{t('strategies.isDefault')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={7}>{t('strategies.none')}</td>
                </tr>
              )}
              {rows.map((row) => (
                <tr key={`${row.id}@${row.version}`} className={row.isDefault ? 'is-default' : undefined}>
                  <td>
                    <Link to={versionPath(row.id, row.version)}>{strategyLabel(row)}</Link>
                  </td>
                  <td className="number">{row.version}</td>
                  <td>{row.name}</td>
                  <td>{row.description}</td>
                  <td>{row.createdBy}</td>
                  <td className="nowrap">{dateTime(row.createdAt, language)}</td>
                  <td>{row.isDefault ? t('strategies.defaultMark') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
