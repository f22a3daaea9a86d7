/** Message of the 403 every API answers while a session's role requires two-factor sign-in that is not set up yet. */
export const TWO_FACTOR_ENROLMENT_REQUIRED = 'Set up two-factor sign-in first: your role requires it';

/** Answer (202) to a correct password on an account with two-factor sign-in: not a session yet. */
export interface SecondFactorChallengeDto {
  secondFactorRequired: true;
  /** Opaque token for `POST /api/auth/login/second-factor`; kept in memory by the dashboard. */
  challenge: string;
  expiresAt: string;
}

/** The signed-in user's two-factor state. */
export interface TwoFactorStatusDto {
  enabled: boolean;
  /** Their role must use it (AUTH_REQUIRE_TOTP_ROLES). */
  required: boolean;
  /** Required but not set up: every other API answers 403 until it is. */
  enrolmentPending: boolean;
  recoveryCodesLeft: number;
}

/** A started enrolment: the secret as an otpauth:// URI and as base32 for typing in by hand. */
export interface TwoFactorEnrolmentDto {
  otpauthUri: string;
  secret: string;
}

/** Single-use recovery codes, shown once. */
export interface RecoveryCodesDto {
  recoveryCodes: string[];
}

/** `POST /api/auth/login/second-factor`: the challenge and either a TOTP code or a recovery code. */
export interface SecondFactorLoginRequest {
  challenge: string;
  code?: string;
  recoveryCode?: string;
}
