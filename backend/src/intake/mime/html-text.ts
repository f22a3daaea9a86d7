/**
 * Plain text from a mail's HTML, in the writer's words: case and line lengths as written, lists and
 * links readable, and quoted history (blockquote, Gmail's quote, Outlook's reply header and what
 * follows it) prefixed with "> " so the reply trimmer recognises it.
 */
import { compile, type HtmlToTextOptions } from 'html-to-text';
import { defaultTreeAdapter as tree, html, parse, serialize, type DefaultTreeAdapterTypes } from 'parse5';

type Element = DefaultTreeAdapterTypes.Element;
type ChildNode = DefaultTreeAdapterTypes.ChildNode;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;

const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

const OPTIONS: HtmlToTextOptions = {
  formatters: {
    altText: (element, _walk, builder) => builder.addInline(String(element.attribs?.alt ?? '').trim(), { noWordTransform: true }),
  },
  // The reader's window wraps; a hard wrap at 80 columns breaks what the writer typed.
  wordwrap: false,
  selectors: [
    ...headings,
    { selector: 'table', options: { uppercaseHeaderCells: false } },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] } },
    // Images are not the writer's words, but their alt text is what a client shows when they are blocked.
    { selector: 'img', format: 'altText' },
    { selector: 'blockquote', options: { trimEmptyLines: true } },
  ],
};

// Outlook quotes nothing: the history follows a header block after a rule or a top border.
const OUTLOOK_SEPARATOR = /divRplyFwdMsg|border-top:\s*solid/i;

const attr = (element: Element, name: string) => element.attrs.find((attribute) => attribute.name === name)?.value ?? '';

function findOutlookSeparator(node: ParentNode): Element | null {
  for (const child of node.childNodes) {
    if (!('tagName' in child)) continue;
    if (child.tagName === 'div' && (attr(child, 'id') === 'divRplyFwdMsg' || /border-top:\s*solid/i.test(attr(child, 'style')))) return child;
    const found = findOutlookSeparator(child);
    if (found) return found;
  }
  return null;
}

/** Moves `from` and every later sibling into a new blockquote in its place. */
function quoteFrom(from: ChildNode) {
  const parent = from.parentNode;
  if (!parent) return;
  const siblings = parent.childNodes.slice(parent.childNodes.indexOf(from));
  const quote = tree.createElement('blockquote', html.NS.HTML, []);
  tree.insertBefore(parent, quote, from);
  for (const sibling of siblings) {
    tree.detachNode(sibling);
    tree.appendChild(quote, sibling);
  }
}

/** Puts Outlook's reply header and everything after it in the document into blockquotes. */
function quoteOutlookHistory(source: string): string {
  const document = parse(source);
  const separator = findOutlookSeparator(document);
  if (!separator) return source;
  // What follows the separator's ancestors is history too.
  const ancestors: ChildNode[] = [];
  for (let node: ParentNode | null = separator.parentNode; node && 'tagName' in node && node.tagName !== 'body' && node.tagName !== 'html'; node = node.parentNode) {
    ancestors.push(node as ChildNode);
  }
  // Outlook on the web draws its separator as an <hr> just before the header block.
  const siblings = separator.parentNode!.childNodes;
  const before = siblings.slice(0, siblings.indexOf(separator)).filter((node) => 'tagName' in node || !/^\s*$/.test('value' in node ? node.value : '')).pop();
  quoteFrom(before && 'tagName' in before && before.tagName === 'hr' ? before : separator);
  for (const ancestor of ancestors) {
    const next = ancestor.parentNode?.childNodes[ancestor.parentNode.childNodes.indexOf(ancestor) + 1];
    if (next) quoteFrom(next);
  }
  return serialize(document);
}

// Compiled once: convert() compiles its selectors on every call (about 1 ms a message, more than the conversion).
const toText = compile(OPTIONS);

export function htmlToText(source: string): string {
  return toText(OUTLOOK_SEPARATOR.test(source) ? quoteOutlookHistory(source) : source);
}
