// The strategy experiments report (GET /v1/reports/experiments): per strategy
// version and entry month, each variant's cure rates and recovery with their
// intervals, the contacts' cost, the verdict against the champion, a CSV link and
// the promotion of a challenger (POST /v1/strategies/{id}/promotions). The
// strategy, version and month live in the URL. A challenger whose verdict is not
// "better" can still be promoted: the button waits for an explicit "I decide
// otherwise", since the people who own the strategy may weigh cost or time too.
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { api, errorText } from '../../api/client';
import type { paths } from '../../api/schema';
import { count, dateTime, share } from '../../format';
import { useI18n } from '../../i18n';
import { navigate, pathWithQuery, useLocation } from '../../router';
import { useSession } from '../../session';
import { useApi } from '../../use-api';
import { ApiProblem } from '../ApiProblem';

type Report = paths['/v1/reports/experiments']['get']['responses'][200]['content']['application/json'];
type Version = Report['versions'][number];
type Cohort = Version['cohorts'][number];
type Arm = Cohort['variants'][number];
type Test = Cohort['tests'][number];

// ECharts loads with this page only, as on the Overview.
const ErrorBarChart = lazy(() => import('../../components/ErrorBarChart').then(({ ErrorBarChart }) => ({ default: ErrorBarChart })));

const WINDOWS = [30, 60, 90] as const;

export function ExperimentsPage() {
  const { t, language } = useI18n();
  const { query } = useLocation();
  const strategy = query.get('strategy') ?? 'default';
  const version = query.get('version') ?? '';
  const cohort = query.get('cohort') ?? '';
  const filter = { strategy, ...(version && { version: Number(version) }), ...(cohort && { cohort }) };
  const report = useApi(
    () => api.GET('/v1/reports/experiments', { params: { query: filter } }).then(({ data, error, response }) => ({ data: data as Exclude<typeof data, string>, error, status: response.status })),
    [strategy, version, cohort],
  );
  const csvQuery = new URLSearchParams(Object.entries({ strategy, version, cohort, format: 'csv' }).filter(([, value]) => value !== ''));
  const csv = `/v1/reports/experiments?${csvQuery.toString()}`;

  function show(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    navigate(pathWithQuery('/reports/experiments', { strategy: value('strategy'), version: value('version'), cohort: value('cohort') }), { replace: true });
  }

  return (
    <section>
      <h1>{t('experiments.title')}</h1>
      <p>{t('experiments.intro')}</p>
      <form className="filters" onSubmit={show} aria-label={t('experiments.filters')}>
        <label>
          {t('experiments.strategy')} <input name="strategy" defaultValue={strategy} required pattern="[a-z0-9][a-z0-9\-]*" />
        </label>
        <label>
          {t('experiments.version')} <input name="version" type="number" min={1} defaultValue={version} />
        </label>
        <label>
          {t('experiments.cohort')} <input name="cohort" type="month" defaultValue={cohort} />
        </label>
        <button type="submit">{t('experiments.show')}</button>
      </form>
      <p>
        <a href={csv} download>
          {t('experiments.csv')}
        </a>
      </p>
      {!report.data ? (
        <ApiProblem state={report} forbidden={t('experiments.forbidden')} />
      ) : (
        <>
          <p className="muted">{t('experiments.asOf', { time: dateTime(report.data.asOf, language), minimum: String(report.data.minimumPerArm) })}</p>
          {report.data.versions.length === 0 && <p>{t('experiments.none')}</p>}
          {report.data.versions.map((one) => (
            <VersionSection key={one.version} version={one} onPromoted={report.reload} />
          ))}
        </>
      )}
    </section>
  );
}

function VersionSection({ version, onPromoted }: { version: Version; onPromoted(): void }) {
  const { t } = useI18n();
  const headingId = `experiment-${version.strategy}-${version.version}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('experiments.versionHeading', { strategy: version.strategy, version: String(version.version), champion: version.champion })}</h2>
      {version.cohorts.map((cohort) => (
        <CohortTable key={cohort.cohort} version={version} cohort={cohort} onPromoted={onPromoted} />
      ))}
    </section>
  );
}

function CohortTable({ version, cohort, onPromoted }: { version: Version; cohort: Cohort; onPromoted(): void }) {
  const { t, language } = useI18n();
  const label = cohort.cohort === 'all' ? t('experiments.allCohorts') : cohort.cohort;
  const rate = (value: number | null, interval: { low: number; high: number } | null, n: number) =>
    value === null || !interval ? t('experiments.notYet') : t('experiments.rateWithInterval', { rate: share(value, language), low: share(interval.low, language), high: share(interval.high, language), n: count(n, language) });
  const minor = (value: number | null) => (value === null ? '—' : count(Math.round(value), language));
  const longest = [...WINDOWS].reverse().find((days) => cohort.variants.every((arm) => (arm.windows.find((w) => w.days === days)?.n ?? 0) > 0));
  return (
    <section>
      <h3>{cohort.cohort === 'all' ? label : t('experiments.cohortHeading', { cohort: label })}</h3>
      <div className="table-scroll">
        <table>
          <caption>{t('experiments.tableCaption', { strategy: version.strategy, version: String(version.version), cohort: label })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('experiments.variant')}</th>
              <th scope="col">{t('experiments.cases')}</th>
              {WINDOWS.map((days) => (
                <th scope="col" key={`cure-${days}`}>
                  {t('experiments.cureAt', { days: String(days) })}
                </th>
              ))}
              <th scope="col">{t('experiments.recoveredAt', { days: '90' })}</th>
              <th scope="col">{t('experiments.cost')}</th>
              <th scope="col">{t('experiments.costPerCase')}</th>
              <th scope="col">{t('experiments.costPerCure')}</th>
              <th scope="col">{t('experiments.verdict')}</th>
            </tr>
          </thead>
          <tbody>
            {cohort.variants.map((arm) => {
              const test = cohort.tests.find((one) => one.variant === arm.variant);
              const recovered = arm.windows.find((w) => w.days === 90)!;
              return (
                <tr key={arm.variant}>
                  <th scope="row">{arm.variant}</th>
                  <td className="number">{count(arm.n, language)}</td>
                  {arm.windows.map((w) => (
                    <td key={w.days}>{rate(w.cureRate, w.cureInterval, w.n)}</td>
                  ))}
                  <td>{rate(recovered.n ? recovered.recovery.share : null, recovered.recovery.interval, recovered.n)}</td>
                  <td className="number">{minor(arm.cost.total)}</td>
                  <td className="number">{minor(arm.cost.perCase)}</td>
                  <td className="number">{minor(arm.cost.perCure)}</td>
                  <td>
                    {test ? (
                      <>
                        <p>{t('experiments.testAt', { verdict: test.verdict.text, days: String(test.days), z: test.test ? test.test.z.toFixed(2) : '—' })}</p>
                        {cohort.cohort === (version.cohorts.length > 1 ? 'all' : cohort.cohort) && (
                          <Promote version={version} arm={arm} test={test} onPromoted={onPromoted} />
                        )}
                      </>
                    ) : (
                      t('experiments.championRow')
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {longest && (
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
          <ErrorBarChart
            title={t('experiments.chart', { days: String(longest), cohort: label })}
            bars={cohort.variants.map((arm) => {
              const w = arm.windows.find((one) => one.days === longest)!;
              return { label: arm.variant, rate: w.cureRate ?? 0, low: w.cureInterval?.low ?? 0, high: w.cureInterval?.high ?? 0 };
            })}
          />
        </Suspense>
      )}
    </section>
  );
}

function Promote({ version, arm, test, onPromoted }: { version: Version; arm: Arm; test: Test; onPromoted(): void }) {
  const { t } = useI18n();
  const { has } = useSession();
  const [reason, setReason] = useState('');
  const [anyway, setAnyway] = useState(false);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ done?: string; refused?: string }>({});
  const better = test.verdict.kind === 'better';
  if (!has('supervisor') && !has('strategist')) return <p className="muted">{t('experiments.writeRole')}</p>;
  const id = `promote-${version.version}-${arm.variant}`;

  async function promote(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSending(true);
    const { data, error } = await api.POST('/v1/strategies/{id}/promotions', {
      params: { path: { id: version.strategy } },
      body: { version: version.version, variant: arm.variant, reason },
    });
    setSending(false);
    setOutcome(
      data
        ? { done: t('experiments.promoted', { version: String(data.strategy.version), strategy: version.strategy, variant: arm.variant }) }
        : { refused: t('experiments.refused', { message: errorText(error, '') }) },
    );
    if (data) onPromoted();
  }

  return (
    <form onSubmit={promote} aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="muted">
        {t('experiments.promoteTitle', { variant: arm.variant })}
      </p>
      {!better && <p id={`${id}-why`}>{t('experiments.promoteDisabled', { verdict: test.verdict.text })}</p>}
      <label>
        {t('experiments.promoteReason')} <input value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={500} />
      </label>
      {!better && (
        <label>
          <input type="checkbox" checked={anyway} onChange={(event) => setAnyway(event.target.checked)} /> {t('experiments.promoteAnyway')}
        </label>
      )}
      <button type="submit" disabled={sending || (!better && !anyway)} aria-describedby={!better ? `${id}-why` : undefined}>
        {sending ? t('experiments.promoting') : t('experiments.promote')}
      </button>
      {outcome.done && <p role="status">{outcome.done}</p>}
      {outcome.refused && <p role="alert">{outcome.refused}</p>}
    </form>
  );
}
