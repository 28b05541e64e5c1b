// What reached the case from the debtor and what went out to them: payments
// received, and each contact attempt with the compliance guard's verdict
// (allowed, deferred until when, or refused) and the rule that decided.
import type { CaseDetail } from '../api/client';
import { dateTime, money } from '../format';
import { useI18n } from '../i18n';

export function Payments({ detail }: { detail: CaseDetail }) {
  const { t, language } = useI18n();
  const currency = detail.case.currency;
  return (
    <section aria-labelledby="payments">
      <h2 id="payments">{t('payments.title')}</h2>
      {detail.payments.length === 0 ? (
        <p>{t('payments.none')}</p>
      ) : (
        <table>
          <caption>{t('payments.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('payments.reference')}</th>
              <th scope="col">{t('payments.date')}</th>
              <th scope="col" className="number">{t('payments.amount')}</th>
              <th scope="col">{t('payments.applied')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.payments.map((payment) => (
              <tr key={payment.reference}>
                <td>{payment.reference}</td>
                <td>{payment.date}</td>
                <td className="number">{money(payment.amount, currency, language)}</td>
                <td>{t(payment.applied ? 'common.yes' : 'common.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ContactAttempts({ detail }: { detail: CaseDetail }) {
  const { t, language } = useI18n();
  return (
    <section aria-labelledby="attempts">
      <h2 id="attempts">{t('attempts.title')}</h2>
      {detail.contacts.length === 0 ? (
        <p>{t('attempts.none')}</p>
      ) : (
        <table>
          <caption>{t('attempts.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('attempts.at')}</th>
              <th scope="col">{t('attempts.step')}</th>
              <th scope="col">{t('attempts.channel')}</th>
              <th scope="col">{t('attempts.verdict')}</th>
              <th scope="col">{t('attempts.rule')}</th>
              <th scope="col">{t('attempts.reason')}</th>
              <th scope="col">{t('attempts.result')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.contacts.map((attempt) => (
              <tr key={attempt.seq} className={`verdict-${attempt.verdict}`}>
                <td className="nowrap">{dateTime(attempt.at, language)}</td>
                <td>{attempt.step}</td>
                <td>{attempt.channel}</td>
                <td>{t(`attempts.verdict.${attempt.verdict}`, { until: dateTime(attempt.deferredUntil, language) })}</td>
                <td>{attempt.rule ?? '—'}</td>
                <td>{attempt.reason ?? ''}</td>
                <td>{[attempt.status, attempt.outcome, attempt.deliveryStatus].filter(Boolean).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
