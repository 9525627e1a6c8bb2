/*
 * The demo page's media and channels walk-through (helper for demo-flow.ts, not a test file
 * itself): in Chromium, one user uploads an avatar, a cover, an image and a video from real
 * files, lists, opens and deletes them; a second user opens that user's channel and subscribes.
 * Images must really render (decoded: naturalWidth > 0) under the page's own CSP.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mp4Sample, pngSample } from '@vaultkit/testkit';
import { expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { RunningServer } from '../src/listen.js';

/** What the walk-through needs from the suite: the server, the browser, a temp folder for files. */
export interface MediaFlowContext {
  running: RunningServer;
  browser: Browser;
  /** A fresh folder the sample files are written to (the suite removes it). */
  filesDir: string;
  timeoutMs: number;
}

/** Runs the walk-through; throws (fails the test) on the first wrong step. */
export async function mediaAndChannelsFlow(flow: MediaFlowContext): Promise<void> {
  const { running, filesDir } = flow;
  const files = await writeSamples(filesDir);
  const suffix = randomBytes(3).toString('hex');
  const owner = await createUser(running, `lin.${suffix}@example.com`);
  const viewer = await createUser(running, `bo.${suffix}@example.com`);
  const ownerName = `lin_${suffix}`;

  // --- the owner: media ---
  const a = await openSignedIn(flow, owner);
  const { page } = a;
  const profile = page.getByRole('region', { name: 'Your profile' });
  await profile.getByLabel('Username', { exact: false }).fill(ownerName);
  await profile.getByRole('button', { name: 'Save profile' }).click();
  await seeText(page.locator('#profile-username'), new RegExp(`^${ownerName}$`));

  const media = page.getByRole('region', { name: 'Media' });
  // A text file is not an image: the 415 envelope's message is shown, nothing is saved.
  await media.getByLabel('Avatar image').setInputFiles(files.text);
  await media.getByRole('button', { name: 'Upload avatar' }).click();
  await seeText(page.getByRole('alert'), /The file type is not allowed here/);
  expect(await media.locator('#avatar-image').isVisible()).toBe(false);

  await media.getByLabel('Avatar image').setInputFiles(files.avatar);
  await media.getByRole('button', { name: 'Upload avatar' }).click();
  await seeText(page.getByRole('status'), /Avatar saved/);
  expect(await page.getByRole('alert').isVisible()).toBe(false);
  await expectRendered(media.getByRole('img', { name: 'Your avatar' }), 48);

  await media.getByLabel('Cover image').setInputFiles(files.cover);
  await media.getByRole('button', { name: 'Upload cover' }).click();
  await seeText(page.getByRole('status'), /Cover saved/);
  await expectRendered(media.getByRole('img', { name: 'Your cover' }), 120);

  const upload = media.getByRole('form', { name: 'Upload an image or a video' });
  await upload.getByLabel('File').setInputFiles(files.image);
  await upload.getByLabel('Title').fill('Harbour at dawn');
  await upload.getByLabel('Visibility').selectOption('public');
  await upload.getByRole('button', { name: 'Upload asset' }).click();
  await seeText(page.getByRole('status'), /Uploaded “Harbour at dawn” \(image, png\)/);

  await upload.getByLabel('File').setInputFiles(files.video);
  await upload.getByLabel('Title').fill('Short clip');
  await upload.getByRole('button', { name: 'Upload asset' }).click();
  await seeText(page.getByRole('status'), /Uploaded “Short clip” \(video, mp4\)/);

  // Both are listed, newest first: a rendered thumbnail for the image, a <video> for the video.
  const list = media.getByRole('list', { name: /Your assets/ });
  await seeText(media.locator('#assets-total'), '(2)');
  await expect.poll(() => list.locator('li strong').allTextContents()).toEqual(['Short clip', 'Harbour at dawn']);
  const imageItem = list.getByRole('listitem').filter({ hasText: 'Harbour at dawn' });
  await expectRendered(imageItem.getByRole('img', { name: 'Harbour at dawn' }), 64);
  await seeText(imageItem, /image · png · .* · public/);
  const videoItem = list.getByRole('listitem').filter({ hasText: 'Short clip' });
  await seeText(videoItem, /video · mp4 · .* · private/);
  const videoUrl = await videoItem.locator('video').evaluate((video: { src: string }) => video.src);
  expect(new URL(videoUrl).pathname).toMatch(/^\/uploads\//);

  // Open one: the detail shows it full size, with its facts.
  await imageItem.getByRole('button', { name: 'Show Harbour at dawn' }).click();
  const detail = media.getByRole('region', { name: 'Harbour at dawn' });
  await detail.waitFor({ state: 'visible' });
  await expectRendered(detail.getByRole('img', { name: 'Harbour at dawn' }), 64);
  await seeText(detail, /public/);

  // Delete the video: gone from the list, and its file is no longer served.
  await videoItem.getByRole('button', { name: 'Delete Short clip' }).click();
  await seeText(page.getByRole('status'), /Deleted “Short clip”/);
  await seeText(media.locator('#assets-total'), '(1)');
  await expect.poll(() => list.locator('li strong').allTextContents()).toEqual(['Harbour at dawn']);
  expect((await fetch(videoUrl)).status).toBe(404);
  expect(await detail.isVisible()).toBe(true);
  a.expectNoErrors([/status of 415/]);

  // --- the viewer: the owner's channel ---
  const b = await openSignedIn(flow, viewer);
  const channels = b.page.getByRole('region', { name: 'Channels' });
  await seeText(channels.locator('#subscriptions-total'), '(0)');
  await channels.getByLabel('Channel username').fill(ownerName);
  await channels.getByRole('button', { name: 'Open channel' }).click();
  const channel = channels.getByRole('region', { name: ownerName });
  await seeText(channel.locator('#channel-title'), `@${ownerName}`);
  await seeText(channel.locator('#channel-subscribers'), /^0$/);
  await seeText(channel.locator('#channel-asset-count'), /^1$/);
  // Only the public image is on the channel (the private video was deleted anyway), rendered.
  await expectRendered(channel.getByRole('img', { name: 'Harbour at dawn' }), 64);
  await expectRendered(channel.getByRole('img', { name: 'Channel avatar' }), 48);

  await channel.getByRole('button', { name: 'Subscribe' }).click();
  await seeText(channel.locator('#channel-subscribers'), /^1$/);
  await seeText(channel.getByRole('button', { name: 'Unsubscribe' }), 'Unsubscribe');
  await seeText(channels.locator('#subscriptions-total'), '(1)');
  await seeText(channels.getByRole('list', { name: /Your subscriptions/ }), `@${ownerName}`);
  expect((await running.vault.channels.get({ username: ownerName })).subscriberCount).toBe(1);

  await channel.getByRole('button', { name: 'Unsubscribe' }).click();
  await seeText(channel.locator('#channel-subscribers'), /^0$/);
  await seeText(channel.getByRole('button', { name: 'Subscribe' }), /^Subscribe$/);
  await seeText(channels.locator('#subscriptions-total'), '(0)');
  b.expectNoErrors([]);

  // The owner sees the subscriber count of their own channel change too, without a subscribe button.
  const ownChannels = page.getByRole('region', { name: 'Channels' });
  await ownChannels.getByLabel('Channel username').fill(ownerName);
  await ownChannels.getByRole('button', { name: 'Open channel' }).click();
  await seeText(ownChannels.locator('#channel-subscribers'), /^0$/);
  expect(await ownChannels.locator('#channel-subscribe').isVisible()).toBe(false);
  a.expectNoErrors([/status of 415/]);

  await Promise.all([a.close(), b.close()]);
}

// --- internal ---

/** Waits until `locator` shows text matching `pattern` (visible text, as a person reads it). */
export async function seeText(locator: Locator, pattern: RegExp | string, timeout = 15_000): Promise<void> {
  await locator.filter({ hasText: pattern }).first().waitFor({ state: 'visible', timeout });
}

/** The image is loaded and decoded (a CSP block or a wrong content type leaves naturalWidth 0). */
async function expectRendered(img: Locator, width: number): Promise<void> {
  await img.waitFor({ state: 'visible' });
  await expect.poll(() => img.evaluate((element: { complete: boolean; naturalWidth: number }) => (element.complete ? element.naturalWidth : 0))).toBe(width);
}

interface Account {
  email: string;
  password: string;
}

/** An active account, made through the vault (the sign-up form has its own walk-through). */
async function createUser(running: RunningServer, email: string): Promise<Account> {
  const password = 'correct horse battery staple';
  await running.vault.auth.register({ email, password });
  const code = /\b(\d{6})\b/.exec(running.outbox!.messages(email)[0]!.text)![1]!;
  await running.vault.auth.verifyEmail({ email, code });
  return { email, password };
}

/** A new browser context (its own cookies) signed in through the form. */
async function openSignedIn({ browser, running, timeoutMs }: MediaFlowContext, account: Account) {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) errors.push(message.text());
  });
  await page.goto(`${running.url}/`);
  const signIn = page.getByRole('form', { name: 'Sign in' });
  await signIn.getByLabel('Email or username').fill(account.email);
  await signIn.getByLabel('Password').fill(account.password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await seeText(page.locator('#session-state'), `Signed in as ${account.email}`, timeoutMs);
  return {
    page,
    /** No script error and no CSP violation (Chromium logs those as console errors), but the `expected` ones. */
    expectNoErrors(expected: RegExp[]) {
      expect(errors.filter((text) => !expected.some((pattern) => pattern.test(text)))).toEqual([]);
    },
    close: () => context.close(),
  };
}

/** Real files for setInputFiles: two PNGs of different sizes, a wide cover, an MP4 and a text file. */
async function writeSamples(dir: string) {
  const samples = {
    avatar: { name: 'avatar.png', bytes: pngSample(1, { width: 48, height: 48 }).bytes },
    cover: { name: 'cover.png', bytes: pngSample(2, { width: 120, height: 40 }).bytes },
    image: { name: 'harbour.png', bytes: pngSample(3, { width: 64, height: 48 }).bytes },
    video: { name: 'clip.mp4', bytes: mp4Sample(4, 4 * 1024).bytes },
    text: { name: 'notes.png', bytes: Buffer.from('just some text, named like an image\n') },
  };
  const paths = {} as Record<keyof typeof samples, string>;
  for (const [key, { name, bytes }] of Object.entries(samples)) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    paths[key as keyof typeof samples] = path;
  }
  return paths;
}
