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
    const enrolled = await Promise.all(this.methods.map((m) => m.isEnrolled(userId)));
    return this.methods.filter((_, i) => enrolled[i]);
  }
}
