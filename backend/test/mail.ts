import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import nodemailer from 'nodemailer';
import { IntakeWorker } from '../src/intake/intake.worker.js';
import { SmtpDoor } from '../src/intake/doors/smtp-door.js';
import type { TestApp } from './test-app.js';

export const INTAKE = 'news@newsdesk.test';

/** Builds real RFC 5322 bytes with nodemailer's composer. */
export function compose(options: Mail.Options): Promise<Buffer> {
  return new MailComposer({ to: INTAKE, ...options }).compile().build();
}

/** Starts the background worker and the SMTP door on a random port; returns a nodemailer transport to it. */
export async function startMailDoors(testApp: TestApp) {
  await testApp.app.get(IntakeWorker).start();
  const port = await testApp.app.get(SmtpDoor).listen(0, '127.0.0.1');
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: false });
  return { port, transport };
}

export { waitFor } from './wait-for.js';
