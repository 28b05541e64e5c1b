// The case's repayment plan (分期): its status, who proposed it and how the
// debtor accepted, how it ended, and each payment with what is paid of it and
// when its grace ends. Nothing shows before a plan is proposed.
import type { CaseView } from '../api/client';
import { dateTime, money } from '../format';
import { useI18n } from '../i18n';

type Plan = NonNullable<CaseView['repaymentPlan']>;

export function RepaymentPlan({ view }: { view: CaseView }) {
  const { t, language } = useI18n();
  const plan: Plan | null | undefined = view.repaymentPlan;
  if (!plan) return null;
  const amount = (value: number) => money(value, view.currency, language);
  return (
    <section aria-labelledby="repayment-plan">
      <h2 id="repayment-plan">{t('plan.title')}</h2>
      <p>
        {t('plan.summary', {
          status: t(`plan.status.${plan.status}`),
          total: amount(plan.total),
          paid: amount(plan.paidSoFar),
          graceDays: String(plan.graceDays),
        })}
      </p>
      <p>
        {t('plan.proposed', { actor: plan.proposedBy, at: dateTime(plan.proposedAt, language) })}
        {plan.note ? ` (${plan.note})` : ''}
      </p>
      {plan.accepted && <p>{t('plan.accepted', { actor: plan.accepted.actor, channel: t(`plan.channel.${plan.accepted.channel}`), at: dateTime(plan.accepted.at, language) })}</p>}
      {plan.ended && <p>{t('plan.ended', { actor: plan.ended.actor, at: dateTime(plan.ended.at, language), reason: plan.ended.reason })}</p>}
      <table>
        <caption>{t('plan.table')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plan.payment.seq')}</th>
            <th scope="col">{t('plan.payment.due')}</th>
            <th scope="col">{t('plan.payment.amount')}</th>
            <th scope="col">{t('plan.payment.paid')}</th>
            <th scope="col">{t('plan.payment.status')}</th>
            <th scope="col">{t('plan.payment.graceEnds')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.payments.map((payment) => (
            <tr key={payment.seq}>
              <td>{payment.seq}</td>
              <td>{payment.dueDate}</td>
              <td>{amount(payment.amount)}</td>
              <td>{amount(payment.paid)}</td>
              <td>{t(`plan.payment.status.${payment.status}`)}</td>
              <td>{dateTime(payment.graceEndsAt, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
