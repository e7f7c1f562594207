import { Injectable } from '@nestjs/common';
import type { SecuritySection } from './security-section';

/** The parts of the "Sign-in methods" page, in the order they are shown. */
@Injectable()
export class SecuritySections {
  private readonly sections: SecuritySection[] = [];

  register(section: SecuritySection): void {
    if (this.sections.some((s) => s.name === section.name))
      throw new Error(`Security section ${section.name} is registered twice`);
    this.sections.push(section);
  }

  all(): readonly SecuritySection[] {
    return this.sections;
  }
}
