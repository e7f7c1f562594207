export interface CreateScopeInput {
  name: string;
  description: string;
  /** The user claims the scope releases (OIDC Core §5.4). */
  claims?: string[];
}

export type UpdateScopeInput = Partial<Omit<CreateScopeInput, 'name'>>;
