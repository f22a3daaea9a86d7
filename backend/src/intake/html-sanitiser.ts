import { defaultTreeAdapter as tree, html, parse, parseFragment, serialize, type DefaultTreeAdapterTypes } from 'parse5';

type Element = DefaultTreeAdapterTypes.Element;
type ChildNode = DefaultTreeAdapterTypes.ChildNode;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;
type Attribute = { name: string; value: string };

export interface SanitiseOptions {
  /** Content-ID (without angle brackets, lower-cased) → URL the viewer can load the inline part from. */
  cidUrls: Map<string, string>;
}

export interface SanitisedHtml {
  html: string;
  /** Remote images whose URL was parked in data-remote-src instead of being loaded. */
  remoteImages: number;
}

// Elements whose content must never reach the viewer, not even as text.
const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param',
  'input', 'button', 'textarea', 'select', 'option', 'optgroup', 'datalist', 'keygen', 'output', 'base', 'meta',
  'link', 'svg', 'math', 'template', 'noscript', 'noembed', 'noframes', 'xmp', 'plaintext', 'title', 'head',
  'audio', 'video', 'source', 'track', 'canvas', 'map', 'area', 'portal', 'dialog', 'slot',
]);

// Formatting we keep, with the attributes each may carry (beyond GLOBAL_ATTRIBUTES).
const ALLOWED: Record<string, readonly string[]> = {
  p: [], br: [], div: [], span: [], b: [], strong: [], i: [], em: [], u: [], s: [], strike: [], del: [], ins: [],
  sub: [], sup: [], small: [], big: [], mark: [], abbr: [], cite: [], q: [], code: [], kbd: [], samp: [], tt: [],
  pre: [], blockquote: [], address: [], center: [], wbr: [], hr: [],
  h1: [], h2: [], h3: [], h4: [], h5: [], h6: [],
  ul: ['type'], ol: ['type', 'start'], li: ['value'], dl: [], dt: [], dd: [],
  table: ['width', 'border', 'cellpadding', 'cellspacing', 'bgcolor'],
  caption: [], thead: [], tbody: [], tfoot: [], colgroup: ['span', 'width'], col: ['span', 'width'],
  tr: ['bgcolor', 'height'], td: ['colspan', 'rowspan', 'width', 'height', 'bgcolor', 'nowrap'],
  th: ['colspan', 'rowspan', 'width', 'height', 'bgcolor', 'nowrap', 'scope'],
  a: ['href'], img: ['src', 'alt', 'width', 'height', 'border'], font: ['color', 'face', 'size'],
  figure: [], figcaption: [], section: [], article: [], header: [], footer: [], main: [], aside: [], nav: [],
};
const GLOBAL_ATTRIBUTES = ['style', 'title', 'dir', 'lang', 'align', 'valign'];

// Deeper nesting is flattened, so a hostile mail cannot exhaust the serialiser's stack.
const MAX_DEPTH = 256;
// The HTML parser walks its stack of open elements for many start tags, so deeply nested
// input costs quadratic time (and nested <template> overflows its stack); start tags past this
// depth are removed before parsing.
const MAX_PARSE_DEPTH = 512;
const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'image', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'frame', 'basefont', 'bgsound',
]);
// Elements the parser closes implicitly, so they do not nest: counting them would only drift.
const SELF_CLOSING_SIBLINGS = new Set([
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rb', 'rt', 'rp', 'rtc', 'a',
]);
const TAG_START = /<(\/?)([a-zA-Z][^\s/>]*)/y;

const NUMBER = /^\d{1,4}%?$/;
const COLOR =
  /^(?:#[0-9a-f]{3,8}|[a-z]{3,30}|(?:rgba?|hsla?)\(\s*[\d.]+%?(?:\s*[,/ ]\s*[\d.]+%?){2,3}\s*\))$/i;
const FONT_NAME = `\\s*(?:"[\\p{L}\\p{N} _-]*"|'[\\p{L}\\p{N} _-]*'|[\\p{L}\\p{N} _-]+)\\s*`;
const FONT_FAMILY = new RegExp(`^${FONT_NAME}(?:,${FONT_NAME}){0,9}$`, 'u');
const LENGTH = '(?:0|\\d{0,5}(?:\\.\\d{1,4})?(?:px|pt|pc|em|rem|ex|ch|%|cm|mm|in|vw|vh)|auto)';
const LENGTHS = new RegExp(`^${LENGTH}(?:\\s+${LENGTH}){0,3}$`, 'i');
const BORDER_STYLE = '(?:none|hidden|solid|dotted|dashed|double|groove|ridge|inset|outset)';
const BORDER = new RegExp(
  `^(?:${LENGTH}|${BORDER_STYLE}|thin|medium|thick|${COLOR.source.slice(1, -1)})` +
    `(?:\\s+(?:${LENGTH}|${BORDER_STYLE}|thin|medium|thick|${COLOR.source.slice(1, -1)})){0,2}$`,
  'i',
);
const keywords = (...words: string[]) => new RegExp(`^(?:${words.join('|')})$`, 'i');

// Inline CSS we keep: each property's value must match in full, so url(), expression(),
// escapes and comments never pass.
const STYLE_PROPERTIES: Record<string, RegExp> = {
  color: COLOR,
  'background-color': COLOR,
  'border-color': COLOR,
  'font-weight': keywords('normal', 'bold', 'bolder', 'lighter', '[1-9]00'),
  'font-style': keywords('normal', 'italic', 'oblique'),
  'font-size': new RegExp(`^(?:${LENGTH}|xx-small|x-small|small|medium|large|x-large|xx-large|smaller|larger)$`, 'i'),
  'font-family': FONT_FAMILY,
  'font-variant': keywords('normal', 'small-caps'),
  'text-align': keywords('left', 'right', 'center', 'justify', 'start', 'end'),
  'text-decoration': /^(?:none|underline|overline|line-through)(?:\s+(?:underline|overline|line-through|solid|double|dotted|dashed|wavy))*$/i,
  'text-decoration-line': /^(?:none|underline|overline|line-through)(?:\s+(?:underline|overline|line-through))*$/i,
  'text-transform': keywords('none', 'uppercase', 'lowercase', 'capitalize'),
  'text-indent': LENGTHS,
  'line-height': new RegExp(`^(?:normal|\\d{1,3}(?:\\.\\d{1,3})?|${LENGTH})$`, 'i'),
  'letter-spacing': new RegExp(`^(?:normal|${LENGTH})$`, 'i'),
  'white-space': keywords('normal', 'nowrap', 'pre', 'pre-wrap', 'pre-line', 'break-spaces'),
  'word-break': keywords('normal', 'break-all', 'keep-all', 'break-word'),
  'overflow-wrap': keywords('normal', 'break-word', 'anywhere'),
  'vertical-align': new RegExp(`^(?:baseline|top|middle|bottom|sub|super|text-top|text-bottom|${LENGTH})$`, 'i'),
  'list-style-type': keywords('none', 'disc', 'circle', 'square', 'decimal', 'lower-alpha', 'upper-alpha', 'lower-roman', 'upper-roman', 'lower-latin', 'upper-latin'),
  direction: keywords('ltr', 'rtl'),
  float: keywords('left', 'right', 'none'),
  'border-collapse': keywords('collapse', 'separate'),
  'border-spacing': LENGTHS,
  border: BORDER,
  'border-top': BORDER,
  'border-right': BORDER,
  'border-bottom': BORDER,
  'border-left': BORDER,
  'border-style': new RegExp(`^${BORDER_STYLE}(?:\\s+${BORDER_STYLE}){0,3}$`, 'i'),
  'border-width': LENGTHS,
  'border-radius': LENGTHS,
  margin: LENGTHS,
  'margin-top': LENGTHS,
  'margin-right': LENGTHS,
  'margin-bottom': LENGTHS,
  'margin-left': LENGTHS,
  padding: LENGTHS,
  'padding-top': LENGTHS,
  'padding-right': LENGTHS,
  'padding-bottom': LENGTHS,
  'padding-left': LENGTHS,
  width: LENGTHS,
  height: LENGTHS,
  'max-width': LENGTHS,
  'min-width': LENGTHS,
};

const ATTRIBUTE_VALUES: Record<string, RegExp> = {
  width: NUMBER,
  height: NUMBER,
  border: /^\d{1,2}$/,
  cellpadding: /^\d{1,3}$/,
  cellspacing: /^\d{1,3}$/,
  colspan: /^\d{1,3}$/,
  rowspan: /^\d{1,3}$/,
  span: /^\d{1,3}$/,
  start: /^-?\d{1,6}$/,
  value: /^-?\d{1,6}$/,
  bgcolor: COLOR,
  color: COLOR,
  face: FONT_FAMILY,
  size: /^[+-]?[1-7]$/,
  align: keywords('left', 'right', 'center', 'justify', 'middle', 'top', 'bottom'),
  valign: keywords('top', 'middle', 'bottom', 'baseline'),
  dir: keywords('ltr', 'rtl', 'auto'),
  lang: /^[a-z]{1,8}(?:-[a-z0-9]{1,8})*$/i,
  type: /^(?:1|a|i|disc|circle|square)$/i,
  scope: keywords('row', 'col', 'rowgroup', 'colgroup'),
  nowrap: /^(?:|nowrap)$/i,
};

const SAFE_IMAGE_DATA = /^data:image\/(?:png|gif|jpeg|webp);base64,[a-z0-9+/=\s]+$/i;
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/**
 * Server-side sanitising of untrusted mail HTML for display in an isolated frame: parses it
 * the way a browser would and rebuilds a fresh tree from an allowlist of elements, attributes,
 * URL schemes and inline-style properties. Remote images are parked in data-remote-src.
 */
export function sanitiseMailHtml(input: string, options: SanitiseOptions): SanitisedHtml {
  const document = parse(limitNesting(input), { scriptingEnabled: false });
  const htmlElement = document.childNodes.find(isElement);
  const body = htmlElement?.childNodes.find((n): n is Element => isElement(n) && n.tagName === 'body');
  const output = tree.createDocumentFragment();
  const state = { remoteImages: 0, cidUrls: options.cidUrls };
  if (body) copyChildren(body.childNodes, output, state);
  return { html: serialize(output), remoteImages: state.remoteImages };
}

/** Loads the remote images of sanitised HTML: data-remote-src becomes src again (http and https only). */
export function allowRemoteImages(sanitised: string): string {
  const fragment = parseFragment(sanitised, { scriptingEnabled: false });
  const pending: ParentNode[] = [fragment];
  while (pending.length > 0) {
    const parent = pending.pop()!;
    for (const node of parent.childNodes) {
      if (!isElement(node)) continue;
      pending.push(node);
      if (node.tagName !== 'img') continue;
      const remote = node.attrs.find((a) => a.name === 'data-remote-src');
      if (!remote) continue;
      const url = remoteUrl(remote.value);
      node.attrs = node.attrs.filter((a) => a.name !== 'data-remote-src' && a.name !== 'src');
      if (url) node.attrs.push({ name: 'src', value: url });
    }
  }
  return serialize(fragment);
}

/**
 * Removes start tags nested deeper than MAX_PARSE_DEPTH (and their end tags). A linear, approximate
 * scan: it only bounds the parser's work; safety comes from the allowlist applied after parsing.
 */
function limitNesting(input: string): string {
  const parts: string[] = [];
  const dropped = new Map<string, number>();
  let depth = 0;
  let copiedUpTo = 0;
  let at = input.indexOf('<');
  while (at >= 0) {
    TAG_START.lastIndex = at;
    const tag = TAG_START.exec(input);
    if (!tag) {
      at = input.indexOf('<', at + 1);
      continue;
    }
    const end = input.indexOf('>', TAG_START.lastIndex);
    if (end < 0) break;
    const name = tag[2].toLowerCase();
    let drop = false;
    if (tag[1] === '/') {
      const pending = dropped.get(name) ?? 0;
      if (pending > 0) {
        dropped.set(name, pending - 1);
        drop = true;
      } else if (!VOID_ELEMENTS.has(name) && !SELF_CLOSING_SIBLINGS.has(name)) {
        depth = Math.max(0, depth - 1);
      }
    } else if (!VOID_ELEMENTS.has(name) && !SELF_CLOSING_SIBLINGS.has(name)) {
      if (depth >= MAX_PARSE_DEPTH) {
        dropped.set(name, (dropped.get(name) ?? 0) + 1);
        drop = true;
      } else {
        depth++;
      }
    }
    if (drop) {
      parts.push(input.slice(copiedUpTo, at));
      copiedUpTo = end + 1;
    }
    at = input.indexOf('<', end + 1);
  }
  if (copiedUpTo === 0) return input;
  parts.push(input.slice(copiedUpTo));
  return parts.join('');
}

interface SanitiseState {
  remoteImages: number;
  cidUrls: Map<string, string>;
}

interface Frame {
  nodes: ChildNode[];
  index: number;
  target: ParentNode;
  depth: number;
}

// Depth-first and iterative: nesting depth in a hostile mail is unbounded.
function copyChildren(nodes: ChildNode[], target: ParentNode, state: SanitiseState): void {
  const stack: Frame[] = [{ nodes, index: 0, target, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.index >= frame.nodes.length) {
      stack.pop();
      continue;
    }
    const node = frame.nodes[frame.index++];
    if (node.nodeName === '#text' && 'value' in node) {
      tree.insertText(frame.target, node.value);
      continue;
    }
    if (!isElement(node)) continue; // comments, conditional comments, doctypes
    const tag = node.tagName;
    if (node.namespaceURI !== html.NS.HTML || DROP_WITH_CONTENT.has(tag)) continue;
    const allowed = Object.hasOwn(ALLOWED, tag) && frame.depth < MAX_DEPTH;
    if (!allowed) {
      // Unknown wrappers (<html>, <body>, <o:p>, <form>…) go, their content stays.
      stack.push({ nodes: node.childNodes, index: 0, target: frame.target, depth: frame.depth });
      continue;
    }
    const attrs = sanitiseAttributes(tag, node.attrs, state);
    if (attrs === null) continue;
    const copy = tree.createElement(tag, html.NS.HTML, attrs);
    tree.appendChild(frame.target, copy);
    stack.push({ nodes: node.childNodes, index: 0, target: copy, depth: frame.depth + 1 });
  }
}

/** The attributes to keep, or null when the whole element must go (an image we may not show). */
function sanitiseAttributes(tag: string, attrs: Attribute[], state: SanitiseState): Attribute[] | null {
  const allowedNames = new Set([...GLOBAL_ATTRIBUTES, ...ALLOWED[tag]]);
  const kept: Attribute[] = [];
  for (const { name, value } of attrs) {
    if (!allowedNames.has(name) || name === 'href' || name === 'src') continue;
    if (name === 'style') {
      const style = sanitiseStyle(value);
      if (style) kept.push({ name, value: style });
    } else if (name === 'title' || name === 'alt') {
      kept.push({ name, value: value.slice(0, 1000) });
    } else if (value.length <= 200 && ATTRIBUTE_VALUES[name]?.test(value.trim())) {
      kept.push({ name, value: value.trim() });
    }
  }

  if (tag === 'a') {
    const href = linkUrl(attrs.find((a) => a.name === 'href')?.value);
    if (href) {
      kept.push({ name: 'href', value: href }, { name: 'rel', value: 'noopener noreferrer nofollow' }, { name: 'target', value: '_blank' });
    }
  }

  if (tag === 'img') {
    const src = attrs.find((a) => a.name === 'src')?.value;
    if (src === undefined) return null;
    const image = imageSource(src, state.cidUrls);
    if (image === null) return null;
    if (image.remote) {
      state.remoteImages++;
      kept.push({ name: 'data-remote-src', value: image.url });
    } else {
      kept.push({ name: 'src', value: image.url });
    }
  }
  return kept;
}

function sanitiseStyle(style: string): string {
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).replace(/!\s*important\s*$/i, '').trim();
    const pattern = Object.hasOwn(STYLE_PROPERTIES, property) ? STYLE_PROPERTIES[property] : undefined;
    if (pattern && value.length <= 200 && pattern.test(value)) kept.push(`${property}: ${value}`);
  }
  return kept.join('; ');
}

// What a browser does to a URL attribute before reading its scheme: drop surrounding
// control characters and spaces, and tabs and newlines anywhere ("java\tscript:").
function browserUrl(raw: string): string {
  // oxlint-disable-next-line no-control-regex -- control characters are what this strips
  return raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
}

function absoluteUrl(raw: string): URL | null {
  let value = browserUrl(raw);
  if (value.startsWith('//')) value = `https:${value}`;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function linkUrl(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const value = browserUrl(raw);
  if (/^#[\w.:-]*$/.test(value)) return value;
  const url = absoluteUrl(value);
  return url && LINK_SCHEMES.has(url.protocol) ? url.href : null;
}

function remoteUrl(raw: string): string | null {
  const url = absoluteUrl(raw);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : null;
}

function imageSource(raw: string, cidUrls: Map<string, string>): { url: string; remote: boolean } | null {
  const value = browserUrl(raw);
  if (/^cid:/i.test(value)) {
    const url = cidUrls.get(contentIdKey(value.slice(4)));
    return url === undefined ? null : { url, remote: false };
  }
  if (/^data:/i.test(value)) return SAFE_IMAGE_DATA.test(value) ? { url: value.replace(/\s+/g, ''), remote: false } : null;
  const remote = remoteUrl(value);
  return remote === null ? null : { url: remote, remote: true };
}

// cid: URLs are percent-encoded Content-IDs (RFC 2392).
function contentIdKey(cid: string): string {
  let decoded = cid;
  try {
    decoded = decodeURIComponent(cid);
  } catch {
    // a malformed escape: look the id up as written
  }
  return decoded.trim().replace(/^<|>$/g, '').toLowerCase();
}

function isElement(node: ChildNode | ParentNode): node is Element {
  return 'tagName' in node;
}
