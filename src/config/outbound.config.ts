import { Transform } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';
import { configSlice } from './config-slice';
import { outboundAllowEntries, outboundAllowEntryProblem } from './outbound-allow-setting';
import { emptyToUndefined } from './variable-transforms';

/** The outbound HTTP client's environment variables (docs/configuration.md). */
export class OutboundVariables {
  /** Internal hosts, addresses or CIDR blocks remote fetches may reach (src/outbound). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  OUTBOUND_ALLOW?: string;
}

/** The outbound HTTP client's settings (src/outbound). */
export class OutboundConfig {
  constructor(
    /** OUTBOUND_ALLOW's entries: internal destinations remote fetches may reach. */
    readonly allow: string[],
  ) {}
}

export const OUTBOUND_CONFIG = configSlice({
  variables: OutboundVariables,
  type: OutboundConfig,
  problems: (v) =>
    outboundAllowEntries(v.OUTBOUND_ALLOW).flatMap((entry) => {
      const problem = outboundAllowEntryProblem(entry);
      return problem ? [`OUTBOUND_ALLOW: ${problem}`] : [];
    }),
  settings: (v) => new OutboundConfig(outboundAllowEntries(v.OUTBOUND_ALLOW)),
});
