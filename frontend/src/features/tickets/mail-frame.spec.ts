import { buildMailDocument, estimateFrameHeight, inlineImagePaths } from './mail-frame';

const origin = 'https://desk.example';
const inline = '/api/attachments/3f2b8c1e-1111-4222-8333-444455556666';

function parse(document: string) {
  return new DOMParser().parseFromString(document, 'text/html');
}

describe('buildMailDocument', () => {
  it('blocks everything but data: images and our stylesheet with its own CSP', () => {
    const document = parse(buildMailDocument('<p>Hello</p>', { showImages: false, origin }));
    const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
    expect(csp).toBe(`default-src 'none'; img-src data:; style-src ${origin}; font-src 'none'; form-action 'none'`);
    expect(document.querySelector('link[rel=stylesheet]')?.getAttribute('href')).toBe(`${origin}/mail-frame.css`);
    expect(document.body.querySelector('font')?.innerHTML).toBe('<p>Hello</p>');
  });

  it('leaves remote images parked until they are asked for', () => {
    const html = '<img data-remote-src="https://tracker.example/pixel.gif" alt="logo">';
    const blocked = parse(buildMailDocument(html, { showImages: false, origin })).querySelector('img');
    expect(blocked?.hasAttribute('src')).toBe(false);

    const shown = parse(buildMailDocument(html, { showImages: true, origin }));
    expect(shown.querySelector('img')?.getAttribute('src')).toBe('https://tracker.example/pixel.gif');
    expect(shown.querySelector('meta[http-equiv]')?.getAttribute('content')).toContain('img-src data: https: http:');
  });

  it('never turns a parked non-web URL into a source', () => {
    const document = parse(buildMailDocument('<img data-remote-src="javascript:alert(1)">', { showImages: true, origin }));
    expect(document.querySelector('img')?.hasAttribute('src')).toBe(false);
  });

  it('swaps inline images for the data: URLs the dashboard fetched', () => {
    const html = `<img src="${inline}" alt="chart"><img src="/api/attachments/3f2b8c1e-1111-4222-8333-000000000000">`;
    const document = parse(buildMailDocument(html, { showImages: false, origin, inlineImages: new Map([[inline, 'data:image/png;base64,AAAA']]) }));
    const [fetched, missing] = document.querySelectorAll('img');
    expect(fetched.getAttribute('src')).toBe('data:image/png;base64,AAAA');
    expect(missing.hasAttribute('src')).toBe(false);
  });
});

describe('inlineImagePaths', () => {
  it('lists each attachment image once and nothing else', () => {
    expect(inlineImagePaths(`<img src="${inline}"><img src="${inline}"><img src="data:image/png;base64,AA"><img data-remote-src="https://x.example/a.png">`)).toEqual([inline]);
  });
});

describe('estimateFrameHeight', () => {
  it('stays between a readable minimum and a maximum', () => {
    expect(estimateFrameHeight(null)).toBe(96);
    expect(estimateFrameHeight('line\n'.repeat(200))).toBe(640);
    expect(estimateFrameHeight('a\nb\nc\nd\ne\nf\ng\nh')).toBe(8 * 22 + 48);
  });
});
