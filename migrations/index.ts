import { Foundation1763800000000 } from './1763800000000-foundation';
import { SignIn1763800100000 } from './1763800100000-sign-in';
import { Registration1763800200000 } from './1763800200000-registration';
import { Admin1763800300000 } from './1763800300000-admin';

/** Every migration, in order. A new migration is one new file and one line here. */
export const MIGRATIONS = [Foundation1763800000000, SignIn1763800100000, Registration1763800200000, Admin1763800300000];
