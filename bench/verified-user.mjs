// The bench servers' user: registered and verified through the outbox (the real flow), shared by
// bench/http-server.mjs, bench/upload-server.mjs and bench/express-floor.mjs.

/**
 * Registers `bench-<pid>@example.test` with `password` and verifies the address with the code
 * from the vault's outbox mailer; resolves with the credentials.
 */
export async function createVerifiedUser(vault, { password, host }) {
  const email = `bench-${process.pid}@example.test`;
  const client = { ip: host, userAgent: 'bench' };
  await vault.auth.register({ email, password }, { client });
  for (let i = 0; i < 200 && vault.mailer.messages(email).length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
  const code = /\b(\d{6})\b/.exec(vault.mailer.messages(email)[0]?.text ?? '')?.[1];
  if (!code) throw new Error('no verification code in the outbox');
  await vault.auth.verifyEmail({ email, code }, { client });
  return { email, password };
}
