import { expect, it } from 'vitest';
import { byCodeUnitsDesc, newUsername, TIME, userRecord } from './fixtures.js';
import type { ContractEnv } from './setup.js';

/** `users.list`: newest first with ties by id, paging, literal search, role filter. */
export function usersListContract(env: ContractEnv): void {
  /** Five users, created one minute apart: index 4 is the newest. */
  const seed = async () => {
    const base = env.t0;
    const specs = [
      { name: 'Alice Liddell', role: 'user' },
      { name: 'Bob Stone', role: 'admin' },
      { name: null, role: 'user' },
      { name: 'Carol ALICEson', role: 'admin' },
      { name: 'Dave', role: 'user' },
    ];
    const users = specs.map((spec, i) =>
      userRecord(env.t0, { ...spec, username: newUsername(), createdAt: new Date(base + i * TIME.MINUTE), updatedAt: new Date(base + i * TIME.MINUTE) }),
    );
    for (const user of users) await env.storage.users.create(user);
    return users;
  };
  const ids = (page: { items: { id: string }[] }) => page.items.map((u) => u.id);

  it('users.list - newest first, paged from 1, total counts every match', async () => {
    const u = await seed();
    const p1 = await env.storage.users.list({ page: 1, limit: 2 });
    expect(ids(p1)).toEqual([u[4]!.id, u[3]!.id]);
    expect(p1.total).toBe(5);
    await expect(env.storage.users.list({ page: 3, limit: 2 }).then(ids)).resolves.toEqual([u[0]!.id]);
    const beyond = await env.storage.users.list({ page: 4, limit: 2 });
    expect(beyond).toEqual({ items: [], total: 5 });
  });

  it('users.list - search is a case-insensitive substring of email, username or name', async () => {
    const u = await seed();
    const byName = await env.storage.users.list({ page: 1, limit: 10, search: 'aLiCe' });
    expect(ids(byName)).toEqual([u[3]!.id, u[0]!.id]);
    expect(byName.total).toBe(2);
    const byUsername = await env.storage.users.list({ page: 1, limit: 10, search: u[2]!.username!.slice(2).toUpperCase() });
    expect(ids(byUsername)).toEqual([u[2]!.id]);
    const byEmail = await env.storage.users.list({ page: 1, limit: 10, search: u[1]!.email.slice(0, 13).toUpperCase() });
    expect(ids(byEmail)).toEqual([u[1]!.id]);
  });

  it('users.list - role filter, combined with search and paging', async () => {
    const u = await seed();
    const admins = await env.storage.users.list({ page: 1, limit: 10, role: 'admin' });
    expect(ids(admins)).toEqual([u[3]!.id, u[1]!.id]);
    expect(admins.total).toBe(2);
    const page2 = await env.storage.users.list({ page: 2, limit: 1, role: 'user', search: 'e' });
    // Every email contains "e" (example.test), so the match is exactly the three role-user accounts.
    expect(page2.total).toBe(3);
    expect(ids(page2)).toEqual([u[2]!.id]);
  });

  it('users.list - search matches %, _ and regex characters literally', async () => {
    const names = ['100% sure', '100 percent', 'snake_case', 'snakeXcase', 'a.*b', 'axxb', 'open (paren', 'back\\slash', 'back slash'];
    const users = names.map((name) => userRecord(env.t0, { name }));
    for (const user of users) await env.storage.users.create(user);
    const found = async (search: string) => (await env.storage.users.list({ page: 1, limit: 20, search })).items.map((u) => u.name);
    await expect(found('0% s')).resolves.toEqual(['100% sure']);
    await expect(found('e_c')).resolves.toEqual(['snake_case']);
    await expect(found('a.*b')).resolves.toEqual(['a.*b']);
    await expect(found('n (p')).resolves.toEqual(['open (paren']);
    await expect(found('k\\s')).resolves.toEqual(['back\\slash']);
    await expect(found('%')).resolves.toEqual(['100% sure']);
    await expect(found('(')).resolves.toEqual(['open (paren']);
  });

  it('users.list - equal createdAt: ties by id descending, stable across pages', async () => {
    const createdAt = new Date(env.t0);
    const users = Array.from({ length: 5 }, () => userRecord(env.t0, { createdAt }));
    for (const user of users) await env.storage.users.create(user);
    const expected = users.map((u) => u.id).sort(byCodeUnitsDesc);
    const p1 = await env.storage.users.list({ page: 1, limit: 3 });
    const p2 = await env.storage.users.list({ page: 2, limit: 3 });
    expect([...ids(p1), ...ids(p2)]).toEqual(expected);
  });
}
