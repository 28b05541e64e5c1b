// Which strategy page a path under /strategies names (see Strategies.tsx).
import { useI18n } from '../i18n';
import { StrategyEditorPage } from './strategy-editor';
import { StrategyListPage } from './strategy-list';
import { StrategyVersionPage } from './strategy-version';
import './strategy.css';

export default function StrategyArea({ path }: { path: string }) {
  const { t } = useI18n();
  const parts = path.split('/').slice(2).filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return <StrategyListPage />;
  if (parts.length === 1 && parts[0] === 'new') return <StrategyEditorPage />;
  if (parts.length === 1) return <StrategyListPage only={parts[0]} />;
  if (parts.length === 3 && parts[1] === 'versions' && /^[1-9]\d*$/.test(parts[2])) {
    return <StrategyVersionPage id={parts[0]} version={Number(parts[2])} />;
  }
  return <h1>{t('notFound.title')}</h1>;
}
