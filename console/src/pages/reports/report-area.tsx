// Which report page the path names, and the index of them all.
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';
import { followLink } from '../../router';
import { NplReport } from './NplReport';
import { REPORTS } from './report-list';
import { RollRatesReport } from './RollRatesReport';

export default function ReportArea({ path }: { path: string }) {
  if (path === '/reports/roll-rates') return <RollRatesReport />;
  if (path === '/reports/npl') return <NplReport />;
  return <ReportIndex />;
}

function ReportIndex() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('reports.title')}</h1>
      <p>{t('reports.intro')}</p>
      <ul className="report-list">
        {REPORTS.map(({ key, path }) => (
          <li key={key}>
            {path ? (
              <a href={`/console${path}`} onClick={(event) => followLink(event, path)}>
                {t(key)}
              </a>
            ) : (
              <span>
                {t(key)} <span className="muted">({t('reports.soon')})</span>
              </span>
            )}
            <br />
            <span className="muted">{t(`${key}.about` as MessageKey)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
