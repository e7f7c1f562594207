import { Injectable } from '@nestjs/common';
import type { SecondFactorMethod } from './second-factor-method';

/** The second factors this server offers, in the order the second-factor page shows them. */
@Injectable()
export class SecondFactorMethods {
  private readonly methods: SecondFactorMethod[] = [];

  register(method: SecondFactorMethod): void {
    if (this.find(method.name)) throw new Error(`Second factor ${method.name} is registered twice`);
    this.methods.push(method);
  }

  all(): readonly SecondFactorMethod[] {
    return this.methods;
  }

  find(name: string): SecondFactorMethod | undefined {
    return this.methods.find((m) => m.name === name);
  }

  /** The methods `userId` has enrolled. */
  async enrolledBy(userId: string): Promise<SecondFactorMethod[]> {
    // Asked at every sign-in: a user with no method (most users) costs no question to a backup one.
    const primary = await this.enrolled(
      this.methods.filter((m) => !m.backup),
      userId,
    );
    if (primary.size === 0) return [];
    const backup = await this.enrolled(
      this.methods.filter((m) => m.backup),
      userId,
    );
    return this.methods.filter((m) => primary.has(m) || backup.has(m));
  }

  private async enrolled(methods: SecondFactorMethod[], userId: string): Promise<Set<SecondFactorMethod>> {
    const answers = await Promise.all(methods.map((m) => m.isEnrolled(userId)));
    return new Set(methods.filter((_, i) => answers[i]));
  }
}
