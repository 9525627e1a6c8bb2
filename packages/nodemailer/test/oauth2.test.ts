/**
 * OAuth2 (the shape Gmail uses: `auth: { type: 'OAuth2', user, clientId, clientSecret,
 * refreshToken }`), against a loopback token endpoint and an SMTP server that checks XOAUTH2.
 * Only `service: 'gmail'` is swapped for the loopback host and `accessUrl`.
 *
 * @see issue 12 (nodemailer: Gmail OAuth2)
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { nodemailerMailer } from '../src/index.js';
import { startSmtp, type TestSmtp } from './helpers/smtp-server.js';

const user = 'acme.mailer@gmail.example';
const client = { clientId: 'client-id.apps.example', clientSecret: 'GOCSPX-client-secret-canary', refreshToken: '1//refresh-token-canary' };
const accessToken = 'ya29.access-token-canary';
const message = { to: 'ada@example.com', subject: 'Your sign-in code - Acme', text: 'code 042917', html: '<p>code <b>042917</b></p>' };

let smtp: TestSmtp | undefined;
let tokenServer: Server | undefined;
afterEach(async () => {
  await smtp?.close();
  await new Promise((resolve) => (tokenServer ? tokenServer.close(resolve) : resolve(undefined)));
  smtp = tokenServer = undefined;
});

/** A token endpoint: trades the refresh token for `accessToken`, or refuses (`invalid_grant`). */
async function startTokenEndpoint(refuse = false): Promise<{ url: string; requests: URLSearchParams[] }> {
  const requests: URLSearchParams[] = [];
  tokenServer = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const form = new URLSearchParams(body);
    requests.push(form);
    const ok = !refuse && form.get('grant_type') === 'refresh_token' && form.get('client_secret') === client.clientSecret && form.get('refresh_token') === client.refreshToken;
    res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' } : { error: 'invalid_grant', error_description: 'Bad Request' }));
  });
  await new Promise<void>((resolve) => tokenServer!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`, requests };
}

const oauthMailer = (tokenUrl: string) =>
  nodemailerMailer(
    { host: '127.0.0.1', port: smtp!.port, ignoreTLS: true, auth: { type: 'OAuth2', user, ...client, accessUrl: tokenUrl } },
    { from: `Acme <${user}>` },
  );

describe('nodemailerMailer - OAuth2', () => {
  it('gets an access token with the refresh token, logs in with XOAUTH2 and delivers', async () => {
    smtp = await startSmtp({ oauth2: { user, accessToken } });
    const token = await startTokenEndpoint();
    const mailer = oauthMailer(token.url);
    await mailer.send(message);
    await expect(mailer.ping!()).resolves.toBeUndefined();
    expect(token.requests[0]?.get('client_id')).toBe(client.clientId);
    expect(smtp.messages.map((m) => ({ to: m.rcptTo, from: m.mailFrom, text: m.text }))).toEqual([{ to: ['ada@example.com'], from: user, text: 'code 042917' }]);
  });

  it('a refused refresh token is a DependencyError that carries no secret', async () => {
    smtp = await startSmtp({ oauth2: { user, accessToken } });
    const token = await startTokenEndpoint(true);
    const error = await oauthMailer(token.url)
      .send(message)
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(error).toMatchObject({ name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
    const everything = `${error!.message} ${inspect(error, { depth: 10, showHidden: true })}`;
    for (const secret of [client.clientSecret, client.refreshToken, accessToken]) expect(everything).not.toContain(secret);
    expect(smtp.messages).toEqual([]);
  });
});
