import { ApiToken } from '../auth/api-token.entity.js';
import { LoginAttempt } from '../auth/login-attempt.entity.js';
import { Session } from '../auth/session.entity.js';
import { SetupToken } from '../auth/setup-token.entity.js';
import { AttachmentBlob } from '../attachments/attachment-blob.entity.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { Journalist } from '../contacts/journalist.entity.js';
import { Outlet } from '../contacts/outlet.entity.js';
import { Event } from '../events/event.entity.js';
import { RawMessage } from '../intake/raw-message.entity.js';
import { Message } from '../messages/message.entity.js';
import { OutboundMessage } from '../outbound/outbound-message.entity.js';
import { Template } from '../outbound/template.entity.js';
import { Upload } from '../outbound/upload.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { User } from '../users/user.entity.js';

export const entities = [
  User,
  Session,
  ApiToken,
  SetupToken,
  LoginAttempt,
  Outlet,
  Journalist,
  Ticket,
  Message,
  Attachment,
  AttachmentBlob,
  RawMessage,
  Event,
  OutboundMessage,
  Template,
  Upload,
];
