import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { InteractionModule } from '../interaction/interaction.module';
import { KeysModule } from '../keys/keys.module';
import { OutboundModule } from '../outbound/outbound.module';
import { OutboxModule } from '../outbox/outbox.module';
import { TokenModule } from '../token/token.module';
import { BackchannelLogoutDispatcher } from './backchannel-logout.dispatcher';
import { BackchannelLogoutHandler } from './backchannel-logout.handler';
import { BackchannelLogoutMetadata } from './backchannel-logout.metadata';

/**
 * OIDC Back-Channel Logout 1.0: hears of every browser session that ends (SessionEndings, which
 * the session owner calls) and sends each client of it a signed logout token, through the outbox.
 */
@Module({
  imports: [InteractionModule, ClientsModule, KeysModule, TokenModule, OutboxModule, OutboundModule],
  providers: [BackchannelLogoutDispatcher, BackchannelLogoutHandler, BackchannelLogoutMetadata],
})
export class LogoutChannelsModule {}
