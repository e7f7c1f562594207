/**
 * The server's own privileges, held in User.roles (never released to applications, unlike the
 * roles of src/users/access). `admin` opens the console and is what account settings'
 * mfa_required 'admins' asks a second factor of.
 */
export const ADMIN_ROLE = 'admin';
