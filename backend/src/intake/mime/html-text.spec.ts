import { htmlToText } from './html-text.js';

describe('htmlToText', () => {
  it('keeps headings and table headers in the case written, and long paragraphs on one line', () => {
    const long = 'word '.repeat(40).trim();
    const text = htmlToText(`<h1>Harbour budget</h1><p>${long}</p><table><tr><th>Year</th></tr><tr><td>2026</td></tr></table>`);
    expect(text).toContain('Harbour budget');
    expect(text).toContain(long);
    expect(text).toContain('Year');
    expect(text).not.toMatch(/HARBOUR|YEAR/);
  });

  it('renders lists as items and links as text followed by the address, once', () => {
    const text = htmlToText('<ul><li>one</li><li>two</li></ul><p><a href="https://x.example/a">the report</a> <a href="https://x.example/b">https://x.example/b</a></p>');
    expect(text).toContain(' * one\n * two');
    expect(text).toContain('the report <https://x.example/a> https://x.example/b');
  });

  it("shows an image's alt text, never its address", () => {
    expect(htmlToText('<p><img src="https://cdn.example/logo.png" alt="UH OH!"> Mailbox full <img src="https://t.example/p.gif"></p>')).toBe('UH OH! Mailbox full');
  });

  it('prefixes blockquotes and Gmail quotes with "> "', () => {
    const text = htmlToText('<p>New words</p><div class="gmail_quote">On Monday, Press wrote:<blockquote class="gmail_quote">old line one<br>old line two</blockquote></div>');
    expect(text).toBe('New words\n\nOn Monday, Press wrote:\n\n> old line one\n> old line two');
  });

  it("quotes Outlook's reply header and all history after it, also when it sits inside wrappers", () => {
    const web = htmlToText('<div>New words</div><hr style="display:inline-block"><div id="divRplyFwdMsg"><b>From:</b> Press<br><b>Sent:</b> Monday</div><div>Old words</div>');
    expect(web.split('\n').filter((line) => line.trim() && !line.startsWith('>'))).toEqual(['New words']);
    const desktop = htmlToText(
      '<div class="WordSection1"><p>New words</p><div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in"><p><b>From:</b> Press<br><b>Sent:</b> Monday</p></div></div><p>Old words</p></div><p>Older footer</p>',
    );
    expect(desktop.split('\n').filter((line) => line.trim() && !line.startsWith('>'))).toEqual(['New words']);
    expect(desktop).toMatch(/^> Old words$/m);
    expect(desktop).toMatch(/^> Older footer$/m);
  });
});
