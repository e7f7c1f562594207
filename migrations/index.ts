import { Foundation1763800000000 } from './1763800000000-foundation';
import { SignIn1763800100000 } from './1763800100000-sign-in';
import { Registration1763800200000 } from './1763800200000-registration';
import { Admin1763800300000 } from './1763800300000-admin';
import { LogoutPolicy1763800450000 } from './1763800450000-logout-policy';
import { RevokedJtis1763800520000 } from './1763800520000-revoked-jtis';
import { RateLimitsAndCleanup1763800640000 } from './1763800640000-rate-limits-and-cleanup';
import { DeviceCodes1763800700000 } from './1763800700000-device-codes';
import { TokenExchangeAndTrustedIssuers1763800710000 } from './1763800710000-token-exchange-and-trusted-issuers';
import { Federation1763800720000 } from './1763800720000-federation';
import { AdminConsoleSessions1763800900000 } from './1763800900000-admin-console-sessions';
import { ConsentedClaims1763801140000 } from './1763801140000-consented-claims';
import { ClientApproval1763801470000 } from './1763801470000-client-approval';
import { ProfilePreferredUsername1763801500000 } from './1763801500000-profile-preferred-username';
import { InitialAccessTokenScopes1763801600000 } from './1763801600000-initial-access-token-scopes';
import { PushedAuthorizationRequests1763802200000 } from './1763802200000-pushed-authorization-requests';
import { Outbox1763801830000 } from './1763801830000-outbox';
import { DpopAndClientSecretJwt1763802500000 } from './1763802500000-dpop-and-client-secret-jwt';
import { GroupsAndRoles1763802650000 } from './1763802650000-groups-and-roles';
import { Scim1763802750000 } from './1763802750000-scim';
import { Webhooks1763802850000 } from './1763802850000-webhooks';
import { ClaimMappings1763802950000 } from './1763802950000-claim-mappings';
import { UserActionTokens1763803050000 } from './1763803050000-user-action-tokens';
import { InteractionSteps1763803150000 } from './1763803150000-interaction-steps';
import { AccountSettings1763803250000 } from './1763803250000-account-settings';
import { BackchannelLogout1763803260000 } from './1763803260000-backchannel-logout';
import { EmailChangeTokens1763803350000 } from './1763803350000-email-change-tokens';
import { AccountDeletion1763803450000 } from './1763803450000-account-deletion';
import { SecondFactorPolicy1763803550000 } from './1763803550000-second-factor-policy';
import { OneTimeCodes1763803650000 } from './1763803650000-one-time-codes';
import { Passkeys1763803660000 } from './1763803660000-passkeys';
import { PairwiseSubjects1763803690000 } from './1763803690000-pairwise-subjects';
import { ApiResources1763803700000 } from './1763803700000-api-resources';
import { SignedUserinfo1763803800000 } from './1763803800000-signed-userinfo';
import { IdTokenSigningAlg1763803900000 } from './1763803900000-id-token-signing-alg';
import { ClientAuthAlgAndLoginUri1763804000000 } from './1763804000000-client-auth-alg-and-login-uri';
import { ClientApplicationType1763804100000 } from './1763804100000-client-application-type';
import { TotpSetupSession1763804200000 } from './1763804200000-totp-setup-session';
import { EmailChangeOrigin1763804300000 } from './1763804300000-email-change-origin';
import { ProfileClaims1763804400000 } from './1763804400000-profile-claims';

/** Every migration, in order. A new migration is one new file and one line here. */
export const MIGRATIONS = [
  Foundation1763800000000,
  SignIn1763800100000,
  Registration1763800200000,
  Admin1763800300000,
  LogoutPolicy1763800450000,
  RevokedJtis1763800520000,
  RateLimitsAndCleanup1763800640000,
  DeviceCodes1763800700000,
  TokenExchangeAndTrustedIssuers1763800710000,
  Federation1763800720000,
  AdminConsoleSessions1763800900000,
  ConsentedClaims1763801140000,
  ClientApproval1763801470000,
  ProfilePreferredUsername1763801500000,
  InitialAccessTokenScopes1763801600000,
  Outbox1763801830000,
  DpopAndClientSecretJwt1763802500000,
  GroupsAndRoles1763802650000,
  PushedAuthorizationRequests1763802200000,
  Scim1763802750000,
  Webhooks1763802850000,
  ClaimMappings1763802950000,
  UserActionTokens1763803050000,
  InteractionSteps1763803150000,
  AccountSettings1763803250000,
  BackchannelLogout1763803260000,
  EmailChangeTokens1763803350000,
  AccountDeletion1763803450000,
  SecondFactorPolicy1763803550000,
  OneTimeCodes1763803650000,
  Passkeys1763803660000,
  PairwiseSubjects1763803690000,
  ApiResources1763803700000,
  SignedUserinfo1763803800000,
  IdTokenSigningAlg1763803900000,
  ClientAuthAlgAndLoginUri1763804000000,
  ClientApplicationType1763804100000,
  TotpSetupSession1763804200000,
  EmailChangeOrigin1763804300000,
  ProfileClaims1763804400000,
];
