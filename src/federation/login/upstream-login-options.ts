import { Injectable, OnModuleInit } from '@nestjs/common';
import type { PendingInteraction } from '../../interaction/pending-interaction';
import {
  type LoginAlternative,
  type LoginAlternativeSource,
  LoginAlternatives,
} from '../../interaction/login/login-alternatives';
import { AppConfig } from '../../config/app-config';
import { UpstreamProvidersService } from '../providers/upstream-providers.service';

/** "Continue with <provider>" on the login page, one button per enabled provider. */
@Injectable()
export class UpstreamLoginOptions implements LoginAlternativeSource, OnModuleInit {
  constructor(
    private readonly alternatives: LoginAlternatives,
    private readonly providers: UpstreamProvidersService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.alternatives.register(this);
  }

  async alternativesFor(interaction: PendingInteraction): Promise<LoginAlternative[]> {
    return (await this.providers.listEnabled()).map((p) => ({
      label: `Continue with ${p.displayName}`,
      action: `${this.config.issuer}/interaction/${interaction.id}/federation/${encodeURIComponent(p.id)}`,
    }));
  }
}
