import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The contracts package ships TypeScript source.
  transpilePackages: ['@recurrence/contracts'],
  // The Docker image's web stage (NEXT_OUTPUT=standalone at build time) runs .next/standalone's server.js with only
  // the files it traces; `npm start` keeps `next start`, which standalone output would make warn.
  ...(process.env.NEXT_OUTPUT === 'standalone' ? { output: 'standalone' as const } : {}),
};

// The interface language comes from a cookie (or Accept-Language), not from the URL: see src/i18n/request.ts.
export default createNextIntlPlugin('./src/i18n/request.ts')(config);
