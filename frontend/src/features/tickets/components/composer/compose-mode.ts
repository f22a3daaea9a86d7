export type ComposeMode = 'reply' | 'note';

/** The submit buttons' status choice: send only, or send and move the ticket on. */
export type SendStatus = '' | 'pending' | 'resolved';
