import { Foundation1763800000000 } from './1763800000000-foundation';
import { SignIn1763800100000 } from './1763800100000-sign-in';

/** Every migration, in order. A new migration is one new file and one line here. */
export const MIGRATIONS = [Foundation1763800000000, SignIn1763800100000];
