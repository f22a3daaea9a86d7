import { mailText, markdownHtml, paragraphsHtml } from './mail-text.js';

describe('mail text parts', () => {
  it('reads Markdown as rendered text: no emphasis marks, escapes, uppercased headings or hard wrap', () => {
    const long = 'This sentence is deliberately longer than seventy-eight characters so a hard wrap would split it.';
    const text = mailText(markdownHtml(`## Update on ND\\-1009\n\n**Bold** and _italic_ with [the notice](https://city.example/n).\n\n${long}`));
    expect(text).toBe(`Update on ND-1009\n\nBold and italic with the notice <https://city.example/n>.\n\n${long}`);
  });

  it('escapes text given as paragraphs', () => {
    expect(paragraphsHtml(['Dear <b>Jo</b>,', 'Line one\nline two'])).toBe('<p>Dear &lt;b&gt;Jo&lt;/b&gt;,</p>\n<p>Line one<br>line two</p>');
  });
});
