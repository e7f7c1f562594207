import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { KeyEncryption } from './key-encryption';
import { KeyLifecycle } from './key-lifecycle';
import { SigningKey } from './signing-key.entity';
import { SigningKeyRepository } from './signing-key.repository';
import { SigningKeyService } from './signing-key.service';

@Module({
  imports: [TypeOrmModule.forFeature([SigningKey])],
  providers: [
    {
      provide: KeyEncryption,
      inject: [AppConfig],
      useFactory: (c: AppConfig) => new KeyEncryption(c.keyEncryptionSecret),
    },
    SigningKeyRepository,
    KeyLifecycle,
    SigningKeyService,
  ],
  exports: [SigningKeyService],
})
export class KeysModule {}
