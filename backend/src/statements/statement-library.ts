import type { EntityManager } from 'typeorm';
import { StatementLibraryRepository } from './statements.repository.js';

/**
 * What other modules' send-time checks (approval rules, replies) ask the library inside their own
 * transaction. Functions, not an injected service: statements depends on outbound, which runs these.
 */
const library = new StatementLibraryRepository();

/** Every version's text with its statement's title, newest first: what a reply may derive from. */
export function libraryTexts(tx: EntityManager): Promise<{ title: string; body: string }[]> {
  return library.findVersionTexts(tx);
}

/** The text is this statement version, current and approved, unchanged; the statement stays as it is until commit. */
export function isApprovedLibraryText(tx: EntityManager, versionId: string, body: string): Promise<boolean> {
  return library.isApprovedCurrentText(tx, versionId, body);
}
