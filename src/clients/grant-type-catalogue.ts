import { Injectable } from '@nestjs/common';
import type { GrantTypeDeclaration } from './grant-type-declaration';

/**
 * The grant types this server serves, as their grants declare them. The clients module owns
 * no protocol code: the token module's grant registry fills this at start (GrantRegistry), and
 * client validation reads it.
 */
@Injectable()
export class GrantTypeCatalogue {
  private declarations: readonly GrantTypeDeclaration[] = [];

  declare(declarations: readonly GrantTypeDeclaration[]): void {
    this.declarations = declarations;
  }

  all(): readonly GrantTypeDeclaration[] {
    if (this.declarations.length === 0)
      throw new Error('no grant types declared: the token module fills the catalogue');
    return this.declarations;
  }
}
