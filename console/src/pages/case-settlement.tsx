// The case's latest settlement (减免 / 和解): where it stands, its terms, who
// proposed and who approved it, what was paid since the offer and, once paid,
// what was written off. Nothing when no settlement was ever offered.
import type { CaseDetail } from '../api/client';
import { Figures } from '../agent/figures';
import { money } from '../format';
import { useI18n } from '../i18n';

export function Settlement({ view }: { view: CaseDetail['case'] }) {
  const { t, language } = useI18n();
  const settlement = view.settlement;
  if (!settlement) return null;
  const amount = (minor: number) => money(minor, view.currency, language);
  return (
    <section aria-labelledby="settlement">
      <h2 id="settlement">{t('settlement.title')}</h2>
      <p>{t(`settlement.status.${settlement.status}`)}</p>
      <Figures
        figures={[
          [t('settlement.amount'), amount(settlement.amount)],
          [t('settlement.discount'), `${settlement.discountPercent}%`],
          [t('settlement.by'), settlement.by],
          [t('settlement.proposer'), settlement.proposer],
          [t('settlement.approver'), settlement.approver ?? '—'],
          [t('settlement.paidSoFar'), amount(settlement.paidSoFar)],
          [t('settlement.writtenOff'), settlement.writtenOff === undefined ? undefined : amount(settlement.writtenOff)],
        ]}
      />
    </section>
  );
}
