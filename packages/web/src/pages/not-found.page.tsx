import { Empty } from '../components/ui.tsx';
import { PageHead } from '../components/layout.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../lib/router.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHead title={t('notFound.title')} />
      <Empty>
        {t('notFound.body')} <Link to="/">{t('nav.dashboard')}</Link>
      </Empty>
    </>
  );
}
