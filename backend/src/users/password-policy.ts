import { BadRequestException, Injectable } from '@nestjs/common';
import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';
import { AppConfig } from '../config/app-config.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';

/** What zxcvbn's score means, for the refusal message (0 = trivially guessed … 4 = very strong). */
const SCORE_WORDS = ['very weak', 'weak', 'fair', 'strong', 'very strong'] as const;

/** Who the password belongs to: zxcvbn counts these (and their parts) as known to an attacker. */
export interface PasswordOwner {
  email: string;
  name: string;
}

export interface PasswordVerdict {
  acceptable: boolean;
  score: number;
  problems: string[];
}

let estimator: Promise<ZxcvbnFactory> | undefined;

/** Loads the dictionaries (several MB) once, on the first password check, not at every boot. */
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, english] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      translations: english.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...english.dictionary },
      maxLength: MAX_PASSWORD_LENGTH,
    });
  })();
  return estimator;
}

/** The email, its local part and the name, whole, run together and word by word, so "danadesk2026" counts as guessable for Dana Desk. */
function ownerInputs(owner: PasswordOwner): string[] {
  const email = owner.email.trim().toLowerCase();
  const local = email.split('@')[0];
  const name = owner.name.trim().toLowerCase();
  const runTogether = (text: string) => text.replace(/[\s.+_-]+/g, '');
  const words = [runTogether(local), runTogether(name), local, email, name, ...email.split(/[@.+_-]+/), ...name.split(/\s+/)];
  return [...new Set(words.map((word) => word.trim()).filter((word) => word.length >= 3))];
}

/**
 * ASVS 2.1: length 12 to 128, no composition rules, and an offline guessability estimate (zxcvbn
 * with its common-password and English dictionaries, the owner's email and name counted as known)
 * that must reach PASSWORD_MIN_SCORE.
 */
@Injectable()
export class PasswordPolicy {
  constructor(private readonly config: AppConfig) {}

  async judge(password: string, owner: PasswordOwner): Promise<PasswordVerdict> {
    // Code points, not UTF-16 units: an emoji is one character to the person typing it.
    const length = [...password].length;
    if (length < MIN_PASSWORD_LENGTH) return { acceptable: false, score: 0, problems: [`Use at least ${MIN_PASSWORD_LENGTH} characters (this one has ${length}).`] };
    if (length > MAX_PASSWORD_LENGTH) return { acceptable: false, score: 0, problems: [`Use at most ${MAX_PASSWORD_LENGTH} characters.`] };
    const result: ZxcvbnResult = (await loadEstimator()).check(password, ownerInputs(owner));
    const minimum = this.config.PASSWORD_MIN_SCORE;
    if (result.score >= minimum) return { acceptable: true, score: result.score, problems: [] };
    const problems = [
      `This password is too easy to guess (rated ${SCORE_WORDS[result.score]}, ${result.score} of 4; at least ${minimum} is needed).`,
      ...(result.feedback.warning ? [result.feedback.warning] : []),
      ...result.feedback.suggestions,
      'A few unrelated words make a strong password that is easy to remember.',
    ];
    return { acceptable: false, score: result.score, problems: [...new Set(problems)] };
  }

  /** Throws a 400 that lists why, under the given field, when the password does not meet the policy. */
  async assertAcceptable(password: string, owner: PasswordOwner, field = 'password'): Promise<void> {
    const verdict = await this.judge(password, owner);
    if (verdict.acceptable) return;
    throw new BadRequestException({ message: `${field}: ${verdict.problems.join(' ')}`, details: [{ field, messages: verdict.problems }] });
  }
}
