import { Injectable } from '@nestjs/common';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { SubjectMapping } from './subject-mapping';

/** The local user an assertion's subject maps to, or null. */
@Injectable()
export class MappedUserLookup {
  constructor(private readonly users: UsersService) {}

  async find(mapping: SubjectMapping, value: string): Promise<User | null> {
    switch (mapping.kind) {
      case 'user_id':
        return this.users.findById(value);
      case 'username': {
        // findByLogin also matches emails; this mapping means the username only.
        const user = await this.users.findByLogin(value);
        return user && user.username.toLowerCase() === value.toLowerCase() ? user : null;
      }
      case 'login':
        return this.users.findByLogin(value);
    }
  }
}
