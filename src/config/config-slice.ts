import type { Type } from '@nestjs/common';

/** What every module's settings may depend on: the core values AppConfig derives first. */
export interface CoreSettings {
  nodeEnv: string | undefined;
  production: boolean;
  issuer: string;
  port: number;
}

/**
 * One module's part of the configuration, declared in the module (`<module>.config.ts`): the
 * environment variables it reads, each with its rule (a class-validator class, like Environment),
 * the checks that need more than one variable, and the typed settings the module injects instead
 * of AppConfig. Every slice is validated at start with the rest (validateConfiguration), and a bad
 * variable is named in the same "Invalid configuration:" message.
 */
export interface ConfigSlice<V extends object = object, S extends object = object> {
  /** The variables, decorated with their rules. */
  readonly variables: Type<V>;
  /** Problems the rules cannot express, one line each: `NAME=value: why`. */
  problems?(variables: V, core: CoreSettings): string[];
  /** The class the module injects; AppConfigModule provides it with what `settings` builds. */
  readonly type: Type<S>;
  settings(variables: V, core: CoreSettings): S;
}

/** Declares a slice, typed end to end. */
export const configSlice = <V extends object, S extends object>(slice: ConfigSlice<V, S>): ConfigSlice<V, S> => slice;
