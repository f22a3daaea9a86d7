import type { AcknowledgementLanguage } from './acknowledgement-language.js';

export const french: AcknowledgementLanguage = {
  code: 'fr',
  stopWords: [
    'le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'et', 'est', 'sont', 'à', 'au', 'aux', 'en', 'pour', 'avec', 'sur', 'dans',
    'que', 'qui', 'quoi', 'quand', 'comment', 'vous', 'votre', 'vos', 'nous', 'notre', 'je', 'mon', 'ma', 'mes', 'il', 'elle',
    'pas', 'ne', 'ce', 'cette', 'ces', 'pouvez', 'pourriez', 'merci', 'bonjour', 'madame', 'monsieur', 'demain', 'aujourd', 'hui',
    'avant', 'été', 'être', 'avez', 'sera', 'par', 'plus', 'cordialement',
  ],
  greeting: (firstName) => (firstName ? `Bonjour ${firstName},` : 'Bonjour,'),
  acknowledgement: ({ reference, deadlineGiven }) => [
    `Merci pour votre demande. Elle est bien parvenue au service de presse sous la référence ${reference}.`,
    deadlineGiven
      ? 'Nous avons noté votre échéance ; un attaché de presse vous répondra.'
      : 'Un attaché de presse vous répondra ; si vous avez une échéance, répondez à ce message pour nous l’indiquer.',
    'Merci de garder la référence dans l’objet du message si vous nous écrivez à nouveau.',
    'Ceci est un accusé de réception automatique.',
  ],
};
