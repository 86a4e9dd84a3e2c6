import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AuthForm } from '../../components/auth-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('auth.signIn') };
}

export default function SignInPage() {
  return <AuthForm mode="sign-in" />;
}
