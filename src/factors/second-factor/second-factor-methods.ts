import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/prepared-statement';
import type { SecondFactorMethod } from './second-factor-method';

/** How enrolledBy asks about the methods registered so far (worked out once, not at every sign-in). */
interface EnrolmentPlan {
  /** The methods with enrolledSql, asked together in `statement`. */
  inSql: SecondFactorMethod[];
  statement: { name: string; text: string } | undefined;
  primaryApart: SecondFactorMethod[];
  backupApart: SecondFactorMethod[];
}

/** The second factors this server offers, in the order the second-factor page shows them. */
@Injectable()
export class SecondFactorMethods {
  private readonly methods: SecondFactorMethod[] = [];
  private plan: EnrolmentPlan | undefined;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  register(method: SecondFactorMethod): void {
    if (this.find(method.name)) throw new Error(`Second factor ${method.name} is registered twice`);
    this.methods.push(method);
    this.plan = undefined;
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
    const { inSql, statement, primaryApart, backupApart } = (this.plan ??= this.enrolmentPlan());
    const [together, primaries] = await Promise.all([
      this.enrolledAmong(inSql, statement, userId),
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

  private enrolmentPlan(): EnrolmentPlan {
    const inSql = this.methods.filter((m) => m.enrolledSql !== undefined);
    return {
      inSql,
      // One text under each name: the name says which methods it asks about.
      statement:
        inSql.length === 0
          ? undefined
          : {
              name: `second_factors_enrolled_${inSql.map((m) => m.name).join('_')}`,
              text: `SELECT ${inSql.map((m, i) => `${m.enrolledSql} AS "${i}"`).join(', ')}`,
            },
      primaryApart: this.methods.filter((m) => m.enrolledSql === undefined && !m.backup),
      backupApart: this.methods.filter((m) => m.enrolledSql === undefined && m.backup),
    };
  }

  /** Of `methods` (the plan's inSql), those `userId` has enrolled: one statement for all. */
  private async enrolledAmong(
    methods: SecondFactorMethod[],
    statement: EnrolmentPlan['statement'],
    userId: string,
  ): Promise<SecondFactorMethod[]> {
    if (!statement) return [];
    const [row] = await preparedQuery<Record<string, boolean>>(this.db, statement.name, statement.text, [userId]);
    return methods.filter((_, i) => row[i]);
  }
}
