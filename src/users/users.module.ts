import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FailureThrottle } from './failure-throttle';
import { PasswordHasher } from './password-hasher';
import { PasswordLoginService } from './password-login.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [UsersService, PasswordHasher, PasswordLoginService, FailureThrottle],
  exports: [UsersService, PasswordLoginService, FailureThrottle],
})
export class UsersModule {}
