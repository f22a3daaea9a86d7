import type { AcknowledgementLanguage } from './acknowledgement-language.js';

export const english: AcknowledgementLanguage = {
  code: 'en',
  stopWords: [
    'the', 'and', 'is', 'are', 'was', 'of', 'to', 'in', 'for', 'on', 'with', 'that', 'this', 'it', 'you', 'your', 'we', 'our',
    'can', 'could', 'would', 'will', 'please', 'about', 'by', 'what', 'when', 'how', 'have', 'has', 'be', 'from', 'my', 'i', 'me',
    'an', 'a', 'any', 'do', 'does', 'not', 'there', 'thanks', 'hello', 'hi', 'dear', 'today', 'tomorrow',
  ],
  greeting: (firstName) => (firstName ? `Dear ${firstName},` : 'Hello,'),
  acknowledgement: ({ reference, deadlineGiven }) => [
    `Thank you for your inquiry. It has reached the press office and has the reference ${reference}.`,
    deadlineGiven
      ? 'We have noted your deadline; a press officer will come back to you.'
      : 'A press officer will come back to you; if you have a deadline, reply to this message and tell us.',
    'Please keep the reference in the subject when you write again.',
    'This is an automatic acknowledgement.',
  ],
};
