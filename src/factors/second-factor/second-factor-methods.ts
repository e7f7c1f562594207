import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/prepared-statement';
import type { SecondFactorMethod } from './second-factor-method';

/** The second factors this server offers, in the order the second-factor page shows them. */
@Injectable()
export class SecondFactorMethods {
  private readonly methods: SecondFactorMethod[] = [];

  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
    const inSql = methods.filter((m) => m.enrolledSql !== undefined);
    const apart = methods.filter((m) => m.enrolledSql === undefined);
    const [together, answers] = await Promise.all([
      this.enrolledAmong(inSql, userId),
      Promise.all(apart.map((m) => m.isEnrolled(userId))),
    ]);
    return new Set([...together, ...apart.filter((_, i) => answers[i])]);
  }

  /** Of `methods`, each with enrolledSql, those `userId` has enrolled: one statement for all. */
  private async enrolledAmong(methods: SecondFactorMethod[], userId: string): Promise<SecondFactorMethod[]> {
    if (methods.length === 0) return [];
    // The methods are registered at start, so each list of them keeps one text under its name.
    const [row] = await preparedQuery<Record<string, boolean>>(
      this.db,
      `second_factors_enrolled_${methods.map((m) => m.name).join('_')}`,
      `SELECT ${methods.map((m, i) => `${m.enrolledSql} AS "${i}"`).join(', ')}`,
      [userId],
    );
    return methods.filter((_, i) => row[i]);
  }
}
