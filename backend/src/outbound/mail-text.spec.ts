import { ACKNOWLEDGEMENT_LANGUAGES } from './acknowledgements/acknowledgement-languages.js';
import { mailText, markdownHtml, paragraphsHtml, paragraphsText } from './mail-text.js';

describe('mail text parts', () => {
  it('reads Markdown as rendered text: no emphasis marks, escapes, uppercased headings or hard wrap', () => {
    const long = 'This sentence is deliberately longer than seventy-eight characters so a hard wrap would split it.';
    const text = mailText(markdownHtml(`## Update on ND\\-1009\n\n**Bold** and _italic_ with [the notice](https://city.example/n).\n\n${long}`));
    expect(text).toBe(`Update on ND-1009\n\nBold and italic with the notice <https://city.example/n>.\n\n${long}`);
  });

  it('escapes text given as paragraphs', () => {
    expect(paragraphsHtml(['Dear <b>Jo</b>,', 'Line one\nline two'])).toBe('<p>Dear &lt;b&gt;Jo&lt;/b&gt;,</p>\n<p>Line one<br>line two</p>');
  });

  it('gives every acknowledgement the text html-to-text reads back from its HTML, without reading it', () => {
    for (const language of ACKNOWLEDGEMENT_LANGUAGES) {
      for (const name of [null, 'Jo', 'Élodie', "O'Brien", 'Zoë-Anne']) {
        for (const reference of ['ND-42', '[ND-1009]']) {
          for (const deadlineGiven of [false, true]) {
            const paragraphs = [language.greeting(name), ...language.acknowledgement({ reference, deadlineGiven })];
            expect(paragraphsText(paragraphs)).toBe(mailText(paragraphsHtml(paragraphs)));
          }
        }
      }
    }
    expect(paragraphsText(['Dear <b>Jo</b> & "co",', 'Line one\nline two'])).toBe(mailText(paragraphsHtml(['Dear <b>Jo</b> & "co",', 'Line one\nline two'])));
  });

  it('leaves text that html-to-text would change to html-to-text', () => {
    for (const changed of [['two  spaces'], [' leading'], ['trailing '], ['a\tb'], ['a\n\nb'], ['no\u00a0break'], ['zero\u200bwidth'], ['']]) {
      expect(paragraphsText(changed)).toBeNull();
    }
  });
});
