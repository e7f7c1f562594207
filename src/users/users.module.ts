import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessClaimsService } from './access/access-claims.service';
import { ClientAccessClaims } from './access/client-access-claims.entity';
import { Group } from './access/group.entity';
import { GroupMember } from './access/group-member.entity';
import { GroupsService } from './access/groups.service';
import { Role } from './access/role.entity';
import { RoleGrant } from './access/role-grant.entity';
import { RolesService } from './access/roles.service';
import { EnrolledSecondFactors } from './enrolled-second-factors';
import { FailureThrottle } from './failure-throttle';
import { PasswordHasher } from './password-hasher';
import { PasswordLoginService } from './password-login.service';
import { AccountSettingsRow } from './settings/account-settings.entity';
import { AccountSettingsService } from './settings/account-settings.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([User, Group, GroupMember, Role, RoleGrant, ClientAccessClaims, AccountSettingsRow]),
  ],
  providers: [
    UsersService,
    PasswordHasher,
    PasswordLoginService,
    FailureThrottle,
    GroupsService,
    RolesService,
    AccessClaimsService,
    AccountSettingsService,
    EnrolledSecondFactors,
  ],
  exports: [
    UsersService,
    PasswordLoginService,
    FailureThrottle,
    GroupsService,
    RolesService,
    AccessClaimsService,
    AccountSettingsService,
    // Answered by the factors module (which second factors a user has), for the password grant.
    EnrolledSecondFactors,
  ],
})
export class UsersModule {}
