import { Encoder as Base64Encoder } from 'nodemailer/lib/base64/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type MimeNode from 'nodemailer/lib/mime-node/index.js';
import { Encoder as QpEncoder, type EncoderOptions } from 'nodemailer/lib/qp/index.js';
import type { Transform } from 'node:stream';

/** The parts of nodemailer's MimeNode that its own stream() reads; not in its typings. */
interface MimeNodeParts {
  childNodes: MimeNode[];
  content?: unknown;
  contentType?: string;
  multipart: string | false;
  boundary: string | false;
  _raw?: unknown;
  _transforms: unknown[];
  _processFuncs: unknown[];
  newline?: unknown;
}

/**
 * A mail's MIME bytes, as nodemailer's MailComposer builds them, with CRLF line ends throughout (as SMTP puts
 * them on the wire, so the stored bytes are the received ones). Content held in memory (strings, Buffers:
 * every mail the outbox sends) is written in one synchronous pass over nodemailer's own tree, header builder
 * and encoders; its stream pipeline (a PassThrough, a pipeline and a setImmediate per part) cost more than the
 * encoding itself. Anything else (a stream, a path, raw content) goes through nodemailer's build().
 */
export async function mimeBytes(options: Mail.Options): Promise<Buffer> {
  const root = new MailComposer(options).compile();
  if (!inMemory(root)) return crlf(await root.build());
  const chunks: Buffer[] = [];
  writeNode(root, chunks);
  return crlf(finishWithNewline(chunks));
}

/** Every node's content is a string or a Buffer, with nothing nodemailer would add to its stream. */
function inMemory(node: MimeNode): boolean {
  const parts = node as unknown as MimeNodeParts;
  if (parts._raw || parts._transforms.length || parts._processFuncs.length || parts.newline) return false;
  if (parts.content && typeof parts.content !== 'string' && !Buffer.isBuffer(parts.content)) return false;
  // Not `multipart`: nodemailer sets it only when it builds the headers.
  return parts.childNodes.every(inMemory);
}

/** nodemailer's MimeNode.stream() for in-memory content, synchronously, in its order (transfer encoding, headers, content, children). */
function writeNode(node: MimeNode, out: Buffer[]): void {
  const parts = node as unknown as MimeNodeParts;
  const content = parts.content as string | Buffer | undefined;
  const transferEncoding = node.getTransferEncoding();
  out.push(Buffer.from(`${node.buildHeaders()}\r\n\r\n`));
  if (content) {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    if (transferEncoding === 'base64') out.push(...encodeAll(new Base64Encoder(), bytes));
    // Outside of text a lone CR or LF is data: nodemailer's `binary` keeps it encoded.
    else if (transferEncoding === 'quoted-printable') {
      const qpOptions: EncoderOptions & { binary: boolean } = { binary: !/^text\//i.test(parts.contentType ?? '') };
      out.push(...encodeAll(new QpEncoder(qpOptions), bytes));
    }
    else out.push(bytes);
  }
  // Set by buildHeaders above, as in nodemailer's stream().
  if (!parts.multipart) return;
  for (const [index, child] of parts.childNodes.entries()) {
    out.push(Buffer.from(`${index ? '\r\n' : ''}--${parts.boundary}\r\n`));
    writeNode(child, out);
  }
  out.push(Buffer.from(`\r\n--${parts.boundary}--\r\n`));
}

/** One encoder over the whole content, called directly: what its stream gives for one chunk, without the stream. */
function encodeAll(encoder: Transform, bytes: Buffer): Buffer[] {
  const encoded: Buffer[] = [];
  encoder.push = (chunk: Buffer | string | null) => {
    if (chunk !== null) encoded.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
    return true;
  };
  const fail = (error?: Error | null) => {
    if (error) throw error;
  };
  // A writable hands a Buffer over as 'buffer', a name outside BufferEncoding's union.
  encoder._transform(bytes, 'buffer' as BufferEncoding, fail);
  encoder._flush?.(fail);
  return encoded;
}

/** nodemailer's LastNewline: the message ends with a line break. */
function finishWithNewline(chunks: Buffer[]): Buffer {
  const last = chunks.findLast((chunk) => chunk.length);
  const end = last?.[last.length - 1];
  if (end !== 0x0a) chunks.push(Buffer.from(end === 0x0d ? '\n' : '\r\n'));
  return Buffer.concat(chunks);
}

/** Bare LF or CR as CRLF; the bytes themselves when every line end is CRLF already (the usual case: no copy). */
export function crlf(bytes: Buffer): Buffer {
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) {
    if (at === 0 || bytes[at - 1] !== 0x0d) return normalise(bytes);
  }
  for (let at = bytes.indexOf(0x0d); at >= 0; at = bytes.indexOf(0x0d, at + 1)) {
    if (bytes[at + 1] !== 0x0a) return normalise(bytes);
  }
  return bytes;
}

function normalise(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n'), 'latin1');
}
