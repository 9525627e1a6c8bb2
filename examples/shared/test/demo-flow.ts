/*
 * The end-to-end driver both example servers run (helper, not a test file itself): Debian's
 * headless Chromium, driven through playwright-core like a person would use the demo page.
 * Never downloads a browser; skips with a clear reason when /usr/bin/chromium is absent.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { RunningServer } from '../src/listen.js';
import { mediaAndChannelsFlow, seeText } from './demo-media-flow.js';
import { recordingLogger, testEnv, type StartServer } from './server-suite.js';

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const ADMIN = { email: 'grace@example.com', password: 'admin password 1906' };
/** Long enough for bcrypt at the default cost on a busy 2-core machine. */
const STEP_TIMEOUT_MS = 15_000;

/** Defines the browser walk-through for one example server. */
export function demoFlowSuite(framework: string, startServer: StartServer): void {
  const hasChromium = existsSync(CHROMIUM);
  describe.skipIf(!hasChromium)(`${framework} demo page in Chromium`, () => {
    let running: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const pageErrors: string[] = [];
    /** This run's UPLOAD_DIR (the local-disk uploader's files) and the sample files to pick. */
    let uploadDir: string;
    let filesDir: string;

    beforeAll(async () => {
      uploadDir = await mkdtemp(join(tmpdir(), 'vaultkit-demo-uploads-'));
      filesDir = await mkdtemp(join(tmpdir(), 'vaultkit-demo-files-'));
      const env = testEnv({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, UPLOAD_DIR: uploadDir });
      running = await startServer({ port: 0, host: '127.0.0.1', env, logger: recordingLogger() });
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
      context = await browser.newContext();
      page = await context.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      // A CSP violation or a script error shows up here (the page must run under its own CSP).
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 401/.test(message.text())) pageErrors.push(message.text());
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await running?.stop();
      await Promise.all([uploadDir, filesDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
    });

    it('register → code from the dev inbox → verify → profile → edit → log out → log in again', async () => {
      const email = `ada.${randomBytes(4).toString('hex')}@example.com`;
      const password = 'correct horse battery staple';
      await page.goto(`${running.url}/`);
      const session = page.locator('#session-state');
      await seeText(session, /^Signed out$/);

      // Register.
      const register = page.getByRole('form', { name: 'Create an account' });
      await register.getByLabel('Email').fill(email);
      await register.getByLabel('Password').fill(password);
      await register.getByLabel('Name').fill('Ada');
      await register.getByRole('button', { name: 'Create account' }).click();
      const verify = page.getByRole('region', { name: 'Verify your email' });
      await seeText(verify, email);

      // Read the code the dev inbox shows, and type it like a person would.
      const inbox = page.getByRole('complementary', { name: 'Dev inbox' });
      const codeBox = inbox.locator('#inbox-code');
      await seeText(codeBox, /^\d{6}$/);
      const code = (await codeBox.textContent())!.trim();
      await verify.getByLabel('Verification code').fill(code);
      await verify.getByRole('button', { name: 'Verify' }).click();

      // Signed in: the profile shows the account.
      const profile = page.getByRole('region', { name: 'Your profile' });
      await seeText(profile.locator('#profile-email'), email);
      await seeText(profile.locator('#profile-name'), /^Ada$/);
      await seeText(session, `Signed in as ${email}`);
      await seeText(page.getByRole('status'), /Email verified/);

      // Edit the name and the bio.
      const edit = profile.getByRole('form', { name: 'Edit your profile' });
      await edit.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
      await edit.getByLabel('Bio').fill('First programmer.');
      await edit.getByRole('button', { name: 'Save profile' }).click();
      await seeText(profile.locator('#profile-name'), /^Ada Lovelace$/);
      await seeText(profile.locator('#profile-bio'), /^First programmer\.$/);
      await seeText(page.getByRole('status'), /Profile saved/);

      // A reload keeps the session (cookies), and shows the saved profile.
      await page.reload();
      await seeText(page.locator('#profile-name'), /^Ada Lovelace$/);

      // Log out.
      await page.getByRole('button', { name: 'Log out' }).click();
      await seeText(session, /^Signed out$/);
      await page.getByRole('form', { name: 'Sign in' }).waitFor({ state: 'visible' });
      expect(await profile.isVisible()).toBe(false);

      // A wrong password shows the error envelope's message.
      const signIn = page.getByRole('form', { name: 'Sign in' });
      await signIn.getByLabel('Email or username').fill(email);
      await signIn.getByLabel('Password').fill('wrong password!');
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await seeText(page.getByRole('alert'), /Invalid credentials/);

      // Log in again.
      await signIn.getByLabel('Email or username').fill(email);
      await signIn.getByLabel('Password').fill(password);
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await seeText(page.locator('#profile-email'), email);
      await seeText(page.locator('#profile-name'), /^Ada Lovelace$/);
      await seeText(session, `Signed in as ${email}`);
      await seeText(page.locator('#rate-limit'), /Rate limit of the last request: \d+ of \d+ left/);

      expect(pageErrors).toEqual([]);
    }, 90_000);

    it('login with the email verification step on: 202 challenge, code from the dev inbox', async () => {
      // The admin made from ADMIN_EMAIL/ADMIN_PASSWORD turns the step on through the API, as its
      // owner would (no code mailed to this address yet: the per-address mail cooldown is free).
      const { email, password } = ADMIN;
      const { vault } = running;
      const session = await vault.auth.login({ identifier: email, password });
      if (!('accessToken' in session)) throw new Error('expected a plain session before the step is on');
      const verified = await vault.tokens.verifyAccess(session.accessToken);
      if (!verified.ok) throw new Error('the fresh access token did not verify');
      const { claims } = verified;
      await vault.auth.setTwoFactor({ enabled: true, password }, { caller: { id: claims.sub, role: claims.role, sessionId: claims.sid } });

      await context.clearCookies();
      await page.goto(`${running.url}/`);
      await seeText(page.locator('#session-state'), /^Signed out$/);
      const signIn = page.getByRole('form', { name: 'Sign in' });
      await signIn.getByLabel('Email or username').fill(email);
      await signIn.getByLabel('Password').fill(password);
      await signIn.getByRole('button', { name: 'Sign in' }).click();

      const step = page.getByRole('region', { name: 'Enter your sign-in code' });
      await step.waitFor({ state: 'visible' });
      const codeBox = page.locator('#inbox-code');
      await seeText(codeBox, /^\d{6}$/);
      const code = (await codeBox.textContent())!.trim();
      await step.getByLabel('Sign-in code', { exact: true }).fill(code);
      await step.getByRole('button', { name: 'Finish signing in' }).click();
      await seeText(page.locator('#profile-email'), email);
      await seeText(page.locator('#profile-role'), /^admin$/);
      await seeText(page.locator('#session-state'), `Signed in as ${email}`);
      expect(pageErrors).toEqual([]);
    }, 90_000);

    it('media: avatar, cover, an image and a video uploaded, listed, shown, one deleted; a second user subscribes to the channel', async () => {
      await mediaAndChannelsFlow({ running, browser, filesDir, timeoutMs: STEP_TIMEOUT_MS });
    }, 120_000);
  });

  if (!hasChromium) {
    describe(`${framework} demo page in Chromium`, () => {
      it.skip(`skipped: ${CHROMIUM} does not exist (apt-get install chromium; no browser is downloaded)`, () => {});
    });
  }
}
