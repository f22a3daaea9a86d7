import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { WEB_FORM_HEADER } from '../intake/web-form-fields.js';

export interface InquiryAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface InquiryMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  attachments: InquiryAttachment[];
  /** Without angle brackets. */
  messageId: string;
  date: Date;
  /** encodeWebFormFields(...) */
  formFields: string;
}

/** The web form's inquiry as a real MIME message, so it enters the one intake pipeline like any mail. */
export function composeInquiryMail(mail: InquiryMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    date: mail.date,
    messageId: `<${mail.messageId}>`,
    headers: { [WEB_FORM_HEADER]: mail.formFields },
    attachments: mail.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
      contentDisposition: 'attachment' as const,
    })),
    // Only the buffers above are attached: nothing may make the composer read a path or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}
