import type { UserDto } from '../../users/user.dto';
import { isChecked, optionalTextOf, textOf, wordsOf, type FormBody } from '../forms/form-input';
import type { FormSection } from '../forms/form-model';
import type { FormView } from '../forms/form-view';

const ADDRESS_PARTS = ['formatted', 'street_address', 'locality', 'region', 'postal_code', 'country'] as const;

/** The address claim from its fields; all empty clears it. */
function addressOf(body: FormBody): Record<string, string> | null {
  const parts = Object.fromEntries(
    ADDRESS_PARTS.map((part) => [part, textOf(body, `address.${part}`)]).filter(([, value]) => value !== ''),
  );
  return Object.keys(parts).length > 0 ? parts : null;
}

/** The posted profile under the admin API's field names, for CreateUserDto or UpdateUserDto; empty clears a claim. */
export function userInputOf(body: FormBody, creating: boolean): Record<string, unknown> {
  const input: Record<string, unknown> = {
    username: textOf(body, 'username'),
    email: optionalTextOf(body, 'email'),
    email_verified: isChecked(body, 'email_verified'),
    name: optionalTextOf(body, 'name'),
    given_name: optionalTextOf(body, 'given_name'),
    family_name: optionalTextOf(body, 'family_name'),
    middle_name: optionalTextOf(body, 'middle_name'),
    nickname: optionalTextOf(body, 'nickname'),
    phone_number: optionalTextOf(body, 'phone_number'),
    phone_number_verified: isChecked(body, 'phone_number_verified'),
    picture: optionalTextOf(body, 'picture'),
    locale: optionalTextOf(body, 'locale'),
    zoneinfo: optionalTextOf(body, 'zoneinfo'),
    birthdate: optionalTextOf(body, 'birthdate'),
    gender: optionalTextOf(body, 'gender'),
    profile: optionalTextOf(body, 'profile'),
    website: optionalTextOf(body, 'website'),
    roles: wordsOf(body, 'roles'),
    address: addressOf(body),
  };
  // A password is never trimmed: spaces may be part of it. Left empty, the user has none.
  if (creating && typeof body.password === 'string' && body.password !== '') input.password = body.password;
  return input;
}

export const USER_FORM_FIELDS = [
  'password',
  ...Object.keys(userInputOf({}, false)),
  ...ADDRESS_PARTS.map((part) => `address.${part}`),
];

/** The form's values for an existing user. */
export const userValuesOf = (user: UserDto): Record<string, unknown> => ({ ...user });

export function userFormSections(form: FormView, creating: boolean): FormSection[] {
  return [
    {
      title: 'Account',
      fields: [
        form.text('username', 'Username', {
          required: true,
          autocomplete: 'off',
          help: 'What the user types to sign in (or their email). Unique, case-insensitively.',
        }),
        ...(creating
          ? [
              form.text('password', 'Password', {
                type: 'password',
                autocomplete: 'new-password',
                help: 'At least 8 characters. Leave empty for an account that cannot sign in with a password (for example, one that signs in through an upstream provider only).',
              }),
            ]
          : []),
        form.text('roles', 'Roles', {
          help: 'Space-separated, released to applications as they are. admin lets the user open this console with their own account.',
        }),
      ],
    },
    {
      title: 'Claims',
      intro:
        'Released to applications under the OpenID Connect standard claim names, as the user’s scopes allow. Empty fields are left out.',
      fields: [
        form.text('email', 'Email', { type: 'email', autocomplete: 'off' }),
        form.checkbox('email_verified', 'The email address is verified', {
          help: 'Applications may trust a verified address to identify the user: tick it only when you know it is theirs.',
        }),
        form.text('name', 'Full name'),
        form.text('given_name', 'Given name'),
        form.text('family_name', 'Family name'),
        form.text('middle_name', 'Middle name'),
        form.text('nickname', 'Nickname'),
        form.text('phone_number', 'Phone number', { type: 'tel', help: 'E.164 is recommended, e.g. +14155550100.' }),
        form.checkbox('phone_number_verified', 'The phone number is verified'),
        form.text('picture', 'Picture URL', { type: 'url', inputmode: 'url' }),
        form.text('locale', 'Locale', { help: 'A BCP 47 language tag, e.g. en-US.' }),
        form.text('zoneinfo', 'Time zone', { help: 'An IANA time zone, e.g. Europe/Paris.' }),
        form.text('birthdate', 'Birthdate', { help: 'YYYY-MM-DD, or YYYY, or 0000-MM-DD without the year.' }),
        form.text('gender', 'Gender', { help: 'female, male, or any other value.' }),
        form.text('profile', 'Profile page URL', { type: 'url', inputmode: 'url' }),
        form.text('website', 'Website', { type: 'url', inputmode: 'url' }),
      ],
    },
    {
      title: 'Address',
      fields: [
        form.text('address.formatted', 'Whole address', {
          help: 'As it should be displayed, if the parts below do not say it.',
        }),
        form.text('address.street_address', 'Street address'),
        form.text('address.locality', 'City or locality'),
        form.text('address.region', 'Region or state'),
        form.text('address.postal_code', 'Postal code'),
        form.text('address.country', 'Country'),
      ],
    },
  ];
}
