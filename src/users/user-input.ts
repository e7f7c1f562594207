import type { PostalAddress } from './user.entity';

/** The profile fields an operator may set; null clears one. */
export interface UserProfileInput {
  email?: string | null;
  emailVerified?: boolean;
  name?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  middleName?: string | null;
  nickname?: string | null;
  profile?: string | null;
  website?: string | null;
  gender?: string | null;
  birthdate?: string | null;
  zoneinfo?: string | null;
  phoneNumber?: string | null;
  phoneNumberVerified?: boolean;
  address?: PostalAddress | null;
  picture?: string | null;
  locale?: string | null;
  roles?: string[];
}

export interface CreateUserInput extends UserProfileInput {
  username: string;
  /** Omitted for accounts that cannot sign in with a password (yet). */
  password?: string;
  disabled?: boolean;
  /** Made by the user through signup (account settings decide whether they must verify first). */
  selfRegistered?: boolean;
}

export interface UpdateUserInput extends UserProfileInput {
  username?: string;
}
