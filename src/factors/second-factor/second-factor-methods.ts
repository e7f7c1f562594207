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

  /** The methods `userId` has enrolled; a backup method only beside a primary one. */
  async enrolledBy(userId: string): Promise<SecondFactorMethod[]> {
    // Asked at every sign-in. The methods with enrolledSql, backups too, are one statement (a
    // backup's answer costs less there than a round trip); the others are asked one by one, a
    // backup only when a primary method is enrolled (most users have none).
    const inSql = this.methods.filter((m) => m.enrolledSql !== undefined);
    const primaryApart = this.methods.filter((m) => m.enrolledSql === undefined && !m.backup);
    const backupApart = this.methods.filter((m) => m.enrolledSql === undefined && m.backup);
    const [together, primaries] = await Promise.all([
      this.enrolledAmong(inSql, userId),
      this.askedApart(primaryApart, userId),
    ]);
    const enrolled = [...together, ...primaries];
    if (!enrolled.some((m) => !m.backup)) return [];
    enrolled.push(...(await this.askedApart(backupApart, userId)));
    return this.methods.filter((m) => enrolled.includes(m));
  }

  private async askedApart(methods: SecondFactorMethod[], userId: string): Promise<SecondFactorMethod[]> {
    const answers = await Promise.all(methods.map((m) => m.isEnrolled(userId)));
    return methods.filter((_, i) => answers[i]);
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
