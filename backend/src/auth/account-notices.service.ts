import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { safeSubject } from '../outbound/addresses.js';
import { queueMail } from '../outbound/queue-mail.js';
import { UsersService } from '../users/users.service.js';

/** Tells staff by mail when the way they sign in changed, so a change they did not make is noticed (ASVS 2.2.3). */
@Injectable()
export class AccountNoticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly users: UsersService,
  ) {}

  async send(userId: string, subject: string, what: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const user = await this.users.findContact(tx, userId);
      if (!user) return;
      await queueMail(
        tx,
        {
          kind: 'notification',
          from: this.config.intakeAddresses[0],
          to: [{ name: user.name, address: user.email }],
          subject: safeSubject(`Newsdesk: ${subject}`),
          text: [
            `Hello ${user.name},`,
            '',
            `${what}`,
            '',
            'If this was not you, tell an admin at once: your password may be known to someone else.',
            `Your profile: ${this.config.publicUrl}/profile`,
          ].join('\n'),
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        },
        this.secrets.messageIdKey,
        this.config.MAIL_DOMAIN,
      );
    });
  }
}
