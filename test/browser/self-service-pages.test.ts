/** Sign-up, email verification and account recovery through the built-in UI pages in Chromium, codes from the outbox. */
import { expect } from 'chai';
import { startMock, type Started } from '../mock/http-client.js';
import { launchChromium, navigateBy, requireChromium } from './support.js';

const EMAIL = 'pages-person@example.com';
const PASSWORD = 'a passphrase for the pages test';

describe('sign-up, verification and recovery pages in Chromium', function () {
  this.timeout(60_000);
  let mock: Started;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  before(async function () {
    requireChromium(this);
    mock = await startMock({ clock: Date.now });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await mock?.stop();
  });

  const code = async (template: string) => {
    const messages = (await (await fetch(`${mock.base}/admin/courier/messages?recipient=${encodeURIComponent(EMAIL)}`)).json()) as {
      template_type: string;
      body: string;
    }[];
    return /(\d{6})/.exec(messages.find((message) => message.template_type === template)?.body ?? '')?.[1] ?? '';
  };

  it('signs up on the registration page and lands signed in on the settings page', async () => {
    const { page } = browser;
    await page.goto(`${mock.base}/self-service/registration/browser`);
    expect(new URL(page.url()).pathname).to.equal('/ui/registration');
    await page.getByRole('textbox', { name: 'E-Mail', exact: true }).fill(EMAIL);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await navigateBy(page, () => page.getByRole('button', { name: 'Sign up' }).click());
    expect(new URL(page.url()).pathname).to.equal('/ui/settings');
    expect(await page.getByText(`Signed in as ${EMAIL}`).count()).to.equal(1);
  });

  it('verifies the address with the code from the outbox', async () => {
    const { page } = browser;
    await page.goto(`${mock.base}/self-service/verification/browser`);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(EMAIL);
    await navigateBy(page, () => page.getByRole('button', { name: 'Submit' }).click());
    expect(await page.locator('[data-message-id="1080003"]').count()).to.equal(1);
    await page.getByRole('textbox', { name: 'Verification code', exact: true }).fill(await code('verification_code_valid'));
    await navigateBy(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(await page.locator('[data-message-id="1080002"]').textContent()).to.equal('You successfully verified your email address.');
  });

  it('recovers the account signed out and lands on the settings page with the recovery message', async () => {
    const { page, context } = browser;
    await context.clearCookies();
    await page.goto(`${mock.base}/self-service/recovery/browser`);
    expect(new URL(page.url()).pathname).to.equal('/ui/recovery');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(EMAIL);
    await navigateBy(page, () => page.getByRole('button', { name: 'Submit' }).click());
    await page.getByRole('textbox', { name: 'Recovery code', exact: true }).fill(await code('recovery_code_valid'));
    await navigateBy(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(new URL(page.url()).pathname).to.equal('/ui/settings');
    expect(await page.locator('[data-message-id="1060001"]').count()).to.equal(1);
  });
});
