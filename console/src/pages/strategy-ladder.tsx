// A strategy document read as tables: the champion/challenger split, then each
// variant's ladder per segment, one row per step with when it runs and what it does.
import type { components } from '../api/schema';
import { count, share } from '../format';
import { useI18n, type Language, type Translate } from '../i18n';

export type StrategyDocument = components['schemas']['Strategy'];
type Variant = StrategyDocument['variants'][number];
type Segment = keyof Variant['segments'];
type Step = Variant['segments'][Segment]['ladder'][number];
type Condition = NonNullable<Step['conditions']>[number];
type Action = Step['actions'][number];

const SEGMENTS: Segment[] = ['low-risk', 'medium-risk', 'high-risk'];

/** A variant's share of new cases, as the hash assigns them: its weight over the total. */
function shares(strategy: StrategyDocument): number[] {
  const total = strategy.variants.reduce((sum, variant) => sum + variant.weight, 0);
  return strategy.variants.map((variant) => (total > 0 ? variant.weight / total : 0));
}

export function StrategyTables({ strategy }: { strategy: StrategyDocument }) {
  const { t, language } = useI18n();
  const split = shares(strategy);
  return (
    <>
      <section aria-labelledby="strategy-split">
        <h2 id="strategy-split">{t('strategies.split')}</h2>
        <table className="strategy-split">
          <caption>{t('strategies.splitCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('strategies.variant')}</th>
              <th scope="col">{t('strategies.role')}</th>
              <th scope="col" className="number">
                {t('strategies.weight')}
              </th>
              <th scope="col" className="number">
                {t('strategies.share')}
              </th>
            </tr>
          </thead>
          <tbody>
            {strategy.variants.map((variant, index) => (
              <tr key={variant.name}>
                <th scope="row">{variant.name}</th>
                <td>{variant.name === 'champion' ? t('strategies.champion') : t('strategies.challenger')}</td>
                <td className="number">{count(variant.weight, language)}</td>
                <td className="number">{share(split[index], language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="strategy-ladders">
        <h2 id="strategy-ladders">{t('strategies.ladders')}</h2>
        <p className="muted">{t('strategies.laddersIntro')}</p>
        {strategy.variants.map((variant, index) => (
          <section key={variant.name} aria-labelledby={`variant-${index}`}>
            <h3 id={`variant-${index}`}>{t('strategies.variantHeading', { variant: variant.name, share: share(split[index], language) })}</h3>
            {SEGMENTS.map((segment) => (
              <LadderTable key={segment} caption={t('strategies.ladderCaption', { variant: variant.name, segment })} ladder={variant.segments[segment].ladder} />
            ))}
          </section>
        ))}
      </section>
    </>
  );
}

function LadderTable({ caption, ladder }: { caption: string; ladder: Step[] }) {
  const { t, language } = useI18n();
  return (
    <table className="ladder">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="number">
            {t('strategies.atDpd')}
          </th>
          <th scope="col">{t('strategies.step')}</th>
          <th scope="col">{t('strategies.conditions')}</th>
          <th scope="col">{t('strategies.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {ladder.map((step, index) => {
          const alternative = index > 0 && ladder[index - 1].atDpd === step.atDpd;
          return (
            <tr key={step.id} className={alternative ? 'alternative' : undefined}>
              <td className="number">{step.atDpd}</td>
              <th scope="row">
                <code>{step.id}</code>
              </th>
              <td>
                {step.conditions?.length
                  ? step.conditions.map((condition, n) => <div key={n}>{conditionText(condition, t, language)}</div>)
                  : t(alternative ? 'strategies.otherwise' : 'strategies.always')}
              </td>
              <td>
                <ol className="actions">
                  {step.actions.map((action, n) => (
                    <li key={n}>{actionText(action, t)}</li>
                  ))}
                </ol>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function conditionText(condition: Condition, t: Translate, language: Language): string {
  if ('balanceAtLeast' in condition) return t('strategies.cond.balanceAtLeast', { amount: count(condition.balanceAtLeast, language) });
  if ('balanceBelow' in condition) return t('strategies.cond.balanceBelow', { amount: count(condition.balanceBelow, language) });
  if ('segment' in condition) return t('strategies.cond.segment', { segments: condition.segment.join(', ') });
  if ('stepOutcome' in condition) return t('strategies.cond.stepOutcome', condition.stepOutcome);
  if ('notTimeBarred' in condition) return t('strategies.cond.notTimeBarred');
  if ('eligibleForCourt' in condition) return t('strategies.cond.eligibleForCourt');
  if ('reason' in condition) return t('strategies.cond.reason', { reasons: condition.reason.join(', ') });
  if ('notRun' in condition) return t('strategies.cond.notRun', { steps: condition.notRun.join(', ') });
  return t('strategies.cond.country', { countries: condition.country.join(', ') });
}

function actionText(action: Action, t: Translate): string {
  const parameters = Object.entries(action.parameters ?? {})
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
  return [
    action.channel,
    action.template && t('strategies.action.template', { template: action.template }),
    parameters,
    action.fallback?.length && t('strategies.action.fallback', { channels: action.fallback.join(', ') }),
  ]
    .filter(Boolean)
    .join(' · ');
}
