const FRAME_FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif';

/** Where inline (cid:) images of a mail are served from; the server rewrites cid: to this path. */
const ATTACHMENT_PATH = /^\/api\/attachments\/[0-9a-f-]{36}$/i;

export interface MailDocumentOptions {
  /** Load the remote images the server parked in data-remote-src. */
  showImages: boolean;
  /** The dashboard's origin, for the frame's stylesheet. */
  origin: string;
  /** Inline images fetched by the dashboard, by their /api/attachments path, as data: URLs. */
  inlineImages?: ReadonlyMap<string, string>;
}

/**
 * The srcdoc of the sandboxed frame a journalist's (server-sanitised) HTML is shown in. Its own
 * CSP allows no scripts, no connections, and images only from data: URLs until the viewer asks
 * for remote images. The frame is `sandbox=""`, so even a sanitiser bug cannot run script.
 */
export function buildMailDocument(html: string, { showImages, origin, inlineImages }: MailDocumentOptions): string {
  const body = prepareBody(html, showImages, inlineImages ?? new Map());
  const imgSrc = showImages ? 'data: https: http:' : 'data:';
  const csp = `default-src 'none'; img-src ${imgSrc}; style-src ${origin}; font-src 'none'; form-action 'none'`;
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">`,
    '<meta name="referrer" content="no-referrer">',
    `<link rel="stylesheet" href="${escapeAttribute(`${origin}/mail-frame.css`)}">`,
    // The dashboard's CSP (inherited by srcdoc frames) refuses inline styles; a presentational
    // font gives the text the dashboard's face even where the stylesheet cannot load.
    `</head><body><font face="${FRAME_FONT}">${body}</font></body></html>`,
  ].join('');
}

/** The /api/attachments paths the mail shows inline, to fetch before rendering. */
export function inlineImagePaths(html: string): string[] {
  const document = new DOMParser().parseFromString(html, 'text/html');
  const paths = [...document.querySelectorAll('img[src]')].map((img) => img.getAttribute('src') ?? '');
  return [...new Set(paths.filter((path) => ATTACHMENT_PATH.test(path)))];
}

// DOMParser documents are inert: nothing in them runs or loads while we rewrite image sources.
function prepareBody(html: string, showImages: boolean, inlineImages: ReadonlyMap<string, string>): string {
  const document = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  for (const img of document.querySelectorAll('img')) {
    const src = img.getAttribute('src');
    if (src && ATTACHMENT_PATH.test(src)) {
      // The sandboxed frame has no cookies of ours, so inline images arrive as data: URLs.
      const data = inlineImages.get(src);
      if (data) img.setAttribute('src', data);
      else img.removeAttribute('src');
    }
    const remote = img.getAttribute('data-remote-src');
    if (showImages && remote && /^https?:\/\//i.test(remote)) {
      img.setAttribute('src', remote);
      img.removeAttribute('data-remote-src');
    }
  }
  return document.body.innerHTML;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** A frame height that fits most mails without scrolling, from the text's line count. */
export function estimateFrameHeight(text: string | null): number {
  const lines = (text ?? '').split('\n').reduce((total, line) => total + Math.max(1, Math.ceil(line.length / 90)), 0);
  return Math.min(640, Math.max(96, lines * 22 + 48));
}
