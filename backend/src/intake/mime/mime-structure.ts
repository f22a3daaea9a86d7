/**
 * A structural pre-scan of a MIME message: walks the entity tree by its boundaries with every
 * header unfolded (so `Content-Type:\r\n multipart/mixed` counts like the one-line form) and stops
 * at the first bound it passes. Linear in the message size, no recursion, nothing decoded.
 */
export interface MimeShapeLimits {
  maxParts: number;
  maxNesting: number;
}

interface Frame {
  boundary: string;
  /** Containers (multiparts and embedded messages) from the top down to and including this one. */
  level: number;
}

const CONTENT_TYPE = /^content-type[ \t]*:(.*)$/im;
const BOUNDARY = /(?:^|;)[ \t]*boundary[ \t]*=[ \t]*(?:"([^"]*)"|([^\s;"]+))/i;

/** Drops (comments), nested ones too, but never inside a "quoted string": `boundary="Boundary_(ID_x)"` stays whole. */
function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += value.slice(i, i + 2);
      i++;
    } else if (depth === 0 && char === '"') {
      quoted = !quoted;
      out += char;
    } else if (!quoted && char === '(') {
      depth++;
    } else if (!quoted && depth > 0 && char === ')') {
      depth--;
      if (depth === 0) out += ' ';
    } else if (depth === 0) {
      out += char;
    }
  }
  return out;
}

function contentTypeOf(headerLines: string[]): { type: string; boundary: string | null; encoded: boolean } {
  const block = headerLines.join('\n').replace(/\n[ \t]+/g, ' ');
  // Comments are allowed anywhere in a structured header: "Content-Type: (x) multipart/mixed".
  const value = withoutComments(CONTENT_TYPE.exec(block)?.[1] ?? '').trim();
  const type = value.split(';')[0].trim().toLowerCase();
  const params = value.slice(value.indexOf(';') >= 0 ? value.indexOf(';') : value.length);
  const match = BOUNDARY.exec(params);
  const encoded = /^content-transfer-encoding[ \t]*:[ \t]*(base64|quoted-printable)/im.test(block);
  const boundary = (match ? (match[1] ?? match[2]) : continuedBoundary(params))?.trimEnd() || null;
  return { type, boundary, encoded };
}

/** RFC 2231 forms the parser also reads: `boundary*0="ab"; boundary*1="cd"` and `boundary*=us-ascii''abcd`. */
function continuedBoundary(params: string): string | null {
  const sections = [...params.matchAll(/(?:^|;)[ \t]*boundary\*(\d*)\*?[ \t]*=[ \t]*(?:"([^"]*)"|([^\s;"]+))/gi)]
    .map((match) => ({ index: Number(match[1] || 0), value: match[2] ?? match[3] }))
    .sort((a, b) => a.index - b.index);
  if (!sections.length) return null;
  const joined = sections.map((section) => section.value).join('');
  try {
    return decodeURIComponent(joined.replace(/^[^']*'[^']*'/, ''));
  } catch {
    return joined;
  }
}

/** Null when the message stays within the bounds, else the reason it does not. */
export function mimeShapeProblem(bytes: Buffer, limits: MimeShapeLimits): string | null {
  const lines = bytes.toString('latin1').split(/\r?\n/);
  const stack: Frame[] = [];
  let inHeader = true;
  let header: string[] = [];
  // Containers around the entity whose header is being read.
  let enclosing = 0;
  let parts = 0;

  const endHeader = (): string | null => {
    parts += 1;
    if (parts > limits.maxParts) return `more than ${limits.maxParts} MIME parts`;
    const { type, boundary, encoded } = contentTypeOf(header);
    header = [];
    if (type.startsWith('multipart/') && boundary) {
      stack.push({ boundary, level: enclosing + 1 });
      if (enclosing + 1 > limits.maxNesting) return `more than ${limits.maxNesting} nested multipart containers`;
      inHeader = false;
    } else if (type === 'message/rfc822' && !encoded) {
      // An embedded message is parsed as its own tree one level down.
      enclosing += 1;
      if (enclosing > limits.maxNesting) return `more than ${limits.maxNesting} nested multipart containers`;
    } else {
      inHeader = false;
    }
    return null;
  };

  for (const line of lines) {
    if (inHeader) {
      if (line === '') {
        const problem = endHeader();
        if (problem) return problem;
      } else {
        header.push(line);
      }
      continue;
    }
    if (!line.startsWith('--') || !stack.length) continue;
    const trimmed = line.trimEnd();
    for (let index = stack.length - 1; index >= 0; index--) {
      const { boundary, level } = stack[index];
      if (trimmed === `--${boundary}`) {
        stack.length = index + 1;
        inHeader = true;
        enclosing = level;
        break;
      }
      if (trimmed === `--${boundary}--`) {
        stack.length = index;
        break;
      }
    }
  }
  if (inHeader && header.length) return endHeader();
  return null;
}
