import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AuthForm } from '../../components/auth-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('auth.createAccount') };
}

export default function SignUpPage() {
  return <AuthForm mode="sign-up" />;
}
