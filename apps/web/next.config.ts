import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The contracts package ships TypeScript source.
  transpilePackages: ['@recurrence/contracts'],
};

// The interface language comes from a cookie (or Accept-Language), not from the URL: see src/i18n/request.ts.
export default createNextIntlPlugin('./src/i18n/request.ts')(config);
