import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeviceCode } from './device-code.entity';
import { DeviceCodeStore } from './device-code.store';

/**
 * The device codes, apart from DeviceModule: the token module polls them (the device_code
 * grant) and the device module, which itself builds on the token module, creates and answers them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DeviceCode])],
  providers: [DeviceCodeStore],
  exports: [DeviceCodeStore],
})
export class DeviceCodeStorageModule {}
