'use client';

import { ROLES, ZUser, ZUserList, type TRole, type TUser } from '@recurrence/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../components/session';
import { api } from '../../lib/api';

/** The admin's account list: promote instructors (and other admins). */
export default function AdminPage() {
  const { user } = useSession();
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

  if (user?.role !== 'admin') return <p className="muted">This page is for the admin.</p>;
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!users) return <p className="muted">Loading…</p>;
  return (
    <section className="panel">
      <h1>Accounts</h1>
      <table className="table">
        <thead>
          <tr>
            <th>Email</th>
            <th>Name</th>
            <th>Since</th>
            <th>Role</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>{u.displayName}</td>
              <td>{new Date(u.createdAt).toLocaleDateString()}</td>
              <td>
                <select
                  aria-label={`Role of ${u.email}`}
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
                      {r}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
