import { randomUUID } from 'node:crypto';
import type { AddressDto } from '@newsdesk/shared';
import type { AttachmentRow } from '../attachments/attachment-batch.repository.js';
import type { InboundMessageRow } from '../messages/message-batch.repository.js';
import { safeFilename } from './filenames.js';
import { clean, type PreparedMail } from './intake-parse.service.js';
import { normaliseMessageId, parseMessageIdList } from './message-ids.js';
import { ATTACHMENT_PLACEHOLDER } from './mime/parsed-mail.js';

/** A parsed mail as the rows it is stored as: the message and its attachments (with their bytes). */
export interface InboundRows {
  message: InboundMessageRow;
  attachments: (AttachmentRow & { content: Buffer })[];
}

const PLACEHOLDER = new RegExp(`${ATTACHMENT_PLACEHOLDER}(\\d+)__`, 'g');

/** Maps a prepared mail to its rows on `ticketId`; ids are chosen here so the sanitised HTML can point at its inline images. */
export function inboundRows(ticketId: string, mail: PreparedMail, flags: string[]): InboundRows {
  const { parsed } = mail;
  const messageRowId = randomUUID();
  const attachments = parsed.attachments.map((attachment, index) => ({
    id: randomUUID(),
    messageId: messageRowId,
    filename: safeFilename(clean(attachment.filename), `attachment-${index + 1}`),
    contentType: attachment.contentType.slice(0, 200),
    size: attachment.content.length,
    sha256: attachment.sha256,
    inline: attachment.related || attachment.contentDisposition === 'inline',
    contentId: attachment.contentId?.replace(/^<|>$/g, '').slice(0, 500) ?? null,
    content: attachment.content,
  }));
  // The worker sanitised the HTML with placeholders for inline images; now they get their ids.
  const html = parsed.sanitisedHtml?.replace(PLACEHOLDER, (placeholder, index: string) => attachments[Number(index)]?.id ?? placeholder) ?? null;
  const message: InboundMessageRow = {
    id: messageRowId,
    ticketId,
    fromName: clean(parsed.from?.name ?? null)?.slice(0, 500) ?? null,
    fromAddress: parsed.from?.address.toLowerCase() ?? null,
    to: parsed.to.map(cleanAddress),
    cc: parsed.cc.map(cleanAddress),
    subject: clean(parsed.subject)?.slice(0, 2000) ?? null,
    text: parsed.text,
    html,
    remoteImages: parsed.remoteImages,
    newText: parsed.newText,
    senderSource: parsed.senderSource,
    otherFrom: parsed.otherFrom.map((value) => clean(value) ?? ''),
    messageId: mail.messageId,
    inReplyTo: normaliseMessageId(parsed.inReplyTo),
    references: parseMessageIdList(parsed.references),
    rawMessageId: mail.raw.id,
    contentHash: parsed.contentHash,
    senderAuthStatus: mail.verdict.status,
    senderAuthReason: mail.verdict.reason.slice(0, 2000),
    senderDmarcPolicy: mail.verdict.dmarcPolicy,
    flags,
  };
  return { message, attachments };
}

function cleanAddress(address: AddressDto): AddressDto {
  return { name: clean(address.name)?.slice(0, 500) ?? null, address: address.address.toLowerCase().slice(0, 320) };
}
