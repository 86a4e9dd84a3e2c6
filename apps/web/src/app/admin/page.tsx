import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AdminView } from './admin-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('admin.title') };
}

export default function AdminPage() {
  return <AdminView />;
}
