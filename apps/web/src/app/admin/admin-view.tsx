'use client';

import { ROLES, ZUser, ZUserList, type TRole, type TUser } from '@recurrence/contracts';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../components/session';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';

/** The admin's account list: promote instructors (and other admins). */
export function AdminView() {
  const { user } = useSession();
  const t = useTranslations();
  const ui = useLocale();
  const [users, setUsers] = useState<TUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api(ZUserList, '/api/v1/users')
      .then((r) => setUsers(r.users))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(() => {
    if (user?.role === 'admin') load();
  }, [user, load]);

  if (user?.role !== 'admin' || error || !users) {
    return (
      <section>
        <h1>{t('admin.title')}</h1>
        {user?.role !== 'admin' ? (
          <p className="muted">{t('admin.onlyAdmin')}</p>
        ) : error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </section>
    );
  }
  return (
    <section className="panel">
      <h1>{t('admin.title')}</h1>
      <h2>{t('admin.accounts')}</h2>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>{t('auth.email')}</th>
              <th>{t('admin.name')}</th>
              <th>{t('admin.since')}</th>
              <th>{t('admin.role')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.displayName}</td>
                <td>{formatDate(u.createdAt, ui)}</td>
                <td>
                  <select
                    aria-label={t('admin.roleOf', { email: String(u.email) })}
                    value={u.role}
                    disabled={u.id === user.id}
                    onChange={async (e) => {
                      try {
                        const updated = await api(ZUser, `/api/v1/users/${u.id}/role`, { method: 'PUT', body: { role: e.target.value as TRole } });
                        setUsers((list) => list?.map((x) => (x.id === updated.id ? updated : x)) ?? null);
                      } catch (err) {
                        setError(err instanceof Error ? err.message : String(err));
                      }
                    }}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
