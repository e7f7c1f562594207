/** What a login page shows beside its form after a failed attempt. */
export interface LoginPageState {
  status?: number;
  /** Shown in an alert; never says whether the account exists. */
  error?: string;
  login?: string;
}
