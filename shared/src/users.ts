/** Roles, from most to least privileged. */
export const USER_ROLES = ['admin', 'manager', 'agent'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A staff member as the API shows it. */
export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  active: boolean;
  /** May approve replies (managers and admins always may). */
  canApprove: boolean;
  createdAt: string;
}

/** The signed-in user plus the CSRF token the dashboard must echo in `X-CSRF-Token`. */
export interface SessionDto {
  user: UserDto;
  csrfToken: string;
  expiresAt: string;
}

/** A personal API token; `token` is only present in the response that created it. */
export interface ApiTokenDto {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  token?: string;
}

/** The signed-in user's own settings. */
export interface ProfileDto extends UserDto {
  signature: string | null;
  notifyAssigned: boolean;
  notifyReplied: boolean;
  /** Mails when a reply or statement waits for my approval, and when one I asked for is decided. */
  notifyApprovals: boolean;
}

/** A signed-in dashboard session as its owner or an admin sees it; the cookie token is never shown. */
export interface ActiveSessionDto {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  /** The session this request was made with. */
  current: boolean;
}

/** The answer to "forgot password": the same words whether or not an account uses the address. */
export interface PasswordResetRequestedDto {
  message: string;
}

/** `POST /api/users` (admins). */
export interface CreateUserRequest {
  email: string;
  name: string;
  password: string;
  role: UserRole;
  signature?: string;
}

/** `PATCH /api/users/:id` (admins); every field optional. */
export interface UpdateUserRequest {
  name?: string;
  role?: UserRole;
  active?: boolean;
  /** Lets a press officer approve replies (managers and admins always may). */
  canApprove?: boolean;
  password?: string;
  signature?: string;
}

/** `PATCH /api/users/me`: the signed-in user's own settings. */
export interface UpdateProfileRequest {
  name?: string;
  /** Appended to every reply this officer sends. */
  signature?: string;
  notifyAssigned?: boolean;
  notifyReplied?: boolean;
  notifyApprovals?: boolean;
}

/** `POST /api/auth/login`: a SessionDto, or a SecondFactorChallengeDto (202) for an account with two-factor sign-in. */
export interface LoginRequest {
  email: string;
  password: string;
}

/** `GET /api/setup/status`: whether the first admin still has to be created. */
export interface SetupStatusDto {
  needed: boolean;
}

/** `POST /api/setup`: the first admin, with the setup token printed at start. */
export interface SetupRequest {
  token: string;
  email: string;
  name: string;
  password: string;
}

/** `PUT /api/users/me/password`: every other session of the user is signed out. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}
