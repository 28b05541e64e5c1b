// How the case was assessed, each scorecard feature's contribution explained,
// and its ladder step by step: done (with the outcome), skipped (with why,
// while the case still says), due now, next, later.
import type { CaseDetail } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';

export function Assessment({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const assessment = detail.case.assessment;
  const known = (key: string): key is MessageKey => key in FEATURE_KEYS;
  return (
    <section aria-labelledby="assessment">
      <h2 id="assessment">{t('assessment.title')}</h2>
      {!assessment ? (
        <p>{t('assessment.none')}</p>
      ) : (
        <>
          <p>
            {t('assessment.summary', {
              score: assessment.score,
              scorecard: assessment.scorecard,
              base: assessment.baseScore,
              ability: assessment.ability,
              willingness: assessment.willingness,
              segment: assessment.segment,
            })}
          </p>
          <table>
            <caption>{t('assessment.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('assessment.feature')}</th>
                <th scope="col">{t('assessment.dimension')}</th>
                <th scope="col" className="number">{t('assessment.value')}</th>
                <th scope="col">{t('assessment.bin')}</th>
                <th scope="col" className="number">{t('assessment.points')}</th>
              </tr>
            </thead>
            <tbody>
              {assessment.contributions.map((contribution) => {
                const key = `assessment.feature.${contribution.feature}`;
                return (
                  <tr key={contribution.feature}>
                    <th scope="row">{known(key) ? t(key) : contribution.feature}</th>
                    <td>{t(`assessment.dimension.${contribution.dimension}`)}</td>
                    <td className="number">{contribution.value ?? '—'}</td>
                    <td>{contribution.bin}</td>
                    <td className="number">{contribution.points > 0 ? `+${contribution.points}` : contribution.points}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

const FEATURE_KEYS: Record<string, true> = Object.fromEntries(
  ['dpd', 'outstandingRatio', 'priorDelinquencies', 'promisesKept', 'promisesBroken', 'contactSuccessRate', 'daysSinceLastPayment'].map((feature) => [
    `assessment.feature.${feature}`,
    true,
  ]),
);

export function Ladder({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const { ladder, case: view } = detail;
  return (
    <section aria-labelledby="ladder">
      <h2 id="ladder">{t('ladder.title')}</h2>
      {!ladder ? (
        <p>{t('ladder.none')}</p>
      ) : (
        <table className="ladder">
          <caption>
            {t('ladder.table', { strategy: `${view.strategy.id}@${view.strategy.version} / ${view.strategy.variant}`, segment: view.segment ?? '—' })}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="number">{t('ladder.atDpd')}</th>
              <th scope="col">{t('ladder.step')}</th>
              <th scope="col">{t('ladder.channels')}</th>
              <th scope="col">{t('ladder.status')}</th>
              <th scope="col">{t('ladder.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {ladder.map((step) => (
              <tr key={step.step} className={`step-${step.status}`}>
                <td className="number">{step.atDpd}</td>
                <th scope="row">{step.step}</th>
                <td>{step.channels.join(', ')}</td>
                <td>{t(`ladder.status.${step.status}`)}</td>
                <td>{step.outcome ?? step.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
