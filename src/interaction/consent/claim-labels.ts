/** What the consent page calls each standard claim (OIDC Core §5.1) a client asks for by name. */
const LABELS: Record<string, string> = {
  name: 'Your full name',
  given_name: 'Your given name',
  family_name: 'Your family name',
  middle_name: 'Your middle name',
  nickname: 'Your nickname',
  preferred_username: 'Your username',
  profile: 'Your profile page',
  picture: 'Your profile picture',
  website: 'Your website',
  gender: 'Your gender',
  birthdate: 'Your birthday',
  zoneinfo: 'Your time zone',
  locale: 'Your language',
  updated_at: 'When your profile last changed',
  email: 'Your email address',
  email_verified: 'Whether your email address is verified',
  phone_number: 'Your phone number',
  phone_number_verified: 'Whether your phone number is verified',
  address: 'Your postal address',
};

/** A claim as the consent page lists it; a custom claim goes by its name. */
export function claimLabel(name: string): { name: string; description: string } {
  return { name, description: Object.hasOwn(LABELS, name) ? LABELS[name] : name };
}
