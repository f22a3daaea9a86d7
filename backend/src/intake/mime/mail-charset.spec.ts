import iconv from 'iconv-lite';
import { cleanText, decodeEightBit, detectCharset, repairMojibake } from './mail-charset.js';

describe('detectCharset', () => {
  it('leaves ASCII alone and prefers valid UTF-8', () => {
    expect(detectCharset(Buffer.from('plain words'))).toBeNull();
    expect(detectCharset(Buffer.from('Grüße aus Köln', 'utf8'))).toBe('UTF-8');
  });

  it.each([
    ['Shift_JIS', 'shift_jis', '来週の記者会見の日程を教えていただけますか。'],
    ['GB18030', 'gbk', '请问贵公司对本次事件有何回应？我们的截稿时间是今天下午五点。'],
    ['Big5', 'big5', '請問貴公司對本次事件有何回應？我們的截稿時間是今天下午五點。'],
    ['EUC-KR', 'euc-kr', '이번 사건에 대한 귀사의 입장을 듣고 싶습니다. 마감은 오늘 오후 다섯 시입니다.'],
  ])('recognises undeclared %s text', (expected, encoding, text) => {
    const bytes = iconv.encode(text, encoding);
    expect(detectCharset(bytes)).toBe(expected);
    expect(iconv.decode(bytes, detectCharset(bytes)!)).toBe(text);
  });

  it('recognises 7-bit ISO-2022-JP by its escape sequences', () => {
    expect(detectCharset(Buffer.from('\x1b$B$3$s$K$A$O\x1b(B', 'latin1'))).toBe('ISO-2022-JP');
  });

  it('falls back to Windows-1252 for short Latin text', () => {
    expect(detectCharset(Buffer.from('Caf\xe9', 'latin1'))).toBe('windows-1252');
  });
});

describe('decodeEightBit', () => {
  it('uses the declared charset, else detects; a UTF-8 or ASCII label over other bytes is not trusted', () => {
    expect(decodeEightBit(iconv.encode('Заметки', 'koi8-r'), 'koi8-r')).toBe('Заметки');
    expect(decodeEightBit(Buffer.from('d\xe9j\xe0 \x93vu\x94', 'latin1'), 'utf-8')).toBe('déjà “vu”');
    expect(decodeEightBit(Buffer.from('Grüße', 'utf8'), 'iso-8859-1')).toBe('Grüße');
  });
});

describe('repairMojibake', () => {
  const misread = (text: string, charset: string) => iconv.encode(text, charset).toString('latin1');

  it('restores text a relay decoded as Latin-1 from its declared multibyte charset', () => {
    expect(repairMojibake(misread('大家說英語', 'big5'), 'big5')).toBe('大家說英語');
  });

  it('restores text carrying C1 controls from the detected charset', () => {
    expect(repairMojibake(misread('記者会見の日程について', 'shift_jis'), null)).toBe('記者会見の日程について');
  });

  it('leaves real Latin-1 text and text beyond Latin-1 unchanged', () => {
    expect(repairMojibake('Café au lait, naïve façade', 'big5')).toBe('Café au lait, naïve façade');
    expect(repairMojibake('Caféa', 'big5')).toBe('Caféa');
    expect(repairMojibake('Grüße', null)).toBe('Grüße');
    expect(repairMojibake('日本語 and ¤', 'big5')).toBe('日本語 and ¤');
  });
});

describe('cleanText', () => {
  it('shows C1 controls as Windows-1252 and drops NUL, replacement characters and unassigned C1', () => {
    expect(cleanText('\u0093quoted\u0094 \u0096 \u0080')).toBe('“quoted” – €');
    expect(cleanText('a\u0000b\uFFFDc\u0081d')).toBe('abcd');
    expect(cleanText(null)).toBeNull();
  });
});
