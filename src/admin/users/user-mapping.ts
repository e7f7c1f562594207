import type { PostalAddress, User } from '../../users/user.entity';
import type { CreateUserInput, UpdateUserInput } from '../../users/user-input';
import type { CreateUserDto, UpdateUserDto, UserDto } from './user.dto';

/** The admin API's view of a user: profile and state, never the password hash. */
export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    email_verified: u.emailVerified,
    name: u.name,
    given_name: u.givenName,
    family_name: u.familyName,
    middle_name: u.middleName,
    nickname: u.nickname,
    profile: u.profile,
    website: u.website,
    gender: u.gender,
    birthdate: u.birthdate,
    zoneinfo: u.zoneinfo,
    phone_number: u.phoneNumber,
    phone_number_verified: u.phoneNumberVerified,
    address: u.address,
    picture: u.picture,
    locale: u.locale,
    roles: u.roles,
    disabled: u.disabled,
    has_password: u.passwordHash !== null,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}

/** The fields of a patch, under the users module's names; left-out fields stay undefined. */
export function toUpdateUserInput(d: UpdateUserDto): UpdateUserInput {
  return {
    username: d.username,
    email: d.email,
    emailVerified: d.email_verified,
    name: d.name,
    givenName: d.given_name,
    familyName: d.family_name,
    middleName: d.middle_name,
    nickname: d.nickname,
    profile: d.profile,
    website: d.website,
    gender: d.gender,
    birthdate: d.birthdate,
    zoneinfo: d.zoneinfo,
    phoneNumber: d.phone_number,
    phoneNumberVerified: d.phone_number_verified,
    // A plain object, not the DTO instance, is what the jsonb column should hold.
    address: d.address === undefined || d.address === null ? d.address : ({ ...d.address } as PostalAddress),
    picture: d.picture,
    locale: d.locale,
    roles: d.roles,
  };
}

export function toCreateUserInput(d: CreateUserDto): CreateUserInput {
  return { ...toUpdateUserInput(d), username: d.username, password: d.password, disabled: d.disabled };
}
