import type { TicketDetailDto } from '@newsdesk/shared';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import type { HttpClient } from './http-client.js';
import { INTAKE, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

/** What a journalist newly wrote, as the ticket shows it, for replies sent through the SMTP door. */
describe('intake: the new text of a reply', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let agent: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
    ({ client: agent } = await signedInClient(testApp, 'agent'));
  });
  afterAll(async () => {
    smtp.close();
    await db.end();
    await testApp.close();
  });

  const deliver = async (id: string, text: string): Promise<TicketDetailDto> => {
    await smtp.sendMail({ from: 'Jeanne <jeanne@quotidien.example>', to: INTAKE, subject: `Reply ${id}`, text, messageId: `<${id}@replies.example>` });
    const row = await waitFor(async () => {
      const { rows } = await db.query(`SELECT outcome, ticket_id FROM raw_messages WHERE message_id = $1 AND outcome <> 'pending'`, [`${id}@replies.example`]);
      return rows[0] as { outcome: string; ticket_id: string | null } | undefined;
    }, `intake of ${id}`);
    expect(row.outcome).toBe('created');
    return (await agent.get<TicketDetailDto>(`/api/tickets/${row.ticket_id}`)).body;
  };

  it('cuts a French Outlook header block, a mobile signature and a disclaimer, and keeps the full text', async () => {
    const text = [
      'Bonjour, nous publions vendredi.',
      '',
      'Envoyé à partir de Outlook pour Android',
      '',
      'Ce message et toutes les pièces jointes sont confidentiels et établis à l\'intention exclusive de ses destinataires.',
      '',
      'De\u00a0: Service de presse <news@newsdesk.test>',
      'Envoyé\u00a0: lundi 3 juin 2024 10:02',
      'À\u00a0: Jeanne <jeanne@quotidien.example>',
      'Objet\u00a0: RE: Demande',
      '',
      'Madame, voici notre réponse.',
    ].join('\n');
    const ticket = await deliver('outlook-fr', text);
    expect(ticket.messages[0].newText).toBe('Bonjour, nous publions vendredi.');
    expect(ticket.messages[0].text).toContain('Madame, voici notre réponse.');
  });

  it('keeps only the note above a forwarded message in another language', async () => {
    const ticket = await deliver('forward-it', 'Vi giro questa mail.\n\nInizio messaggio inoltrato:\n\nDa: Ufficio <u@comune.example>\nData: 3 giugno 2024 10:02\nA: Redazione\nOggetto: Bilancio\n\nTesto originale.');
    expect(ticket.messages[0].newText).toBe('Vi giro questa mail.');
  });

  it('cuts a Finnish marker wrapped over two lines', async () => {
    const ticket = await deliver('marker-fi', 'Kiitos, sopii.\n\nma 3.6.2024 klo 10.02 Matti Meikäläinen\n(matti@kunta.example) kirjoitti:\n\n> Hyvä toimittaja,\n> tässä vastauksemme.');
    expect(ticket.messages[0].newText).toBe('Kiitos, sopii.');
  });
});
