import { Injectable } from '@nestjs/common';

/** The names of the second factors a user has enrolled (SecondFactorMethod.name). */
export type EnrolledSecondFactorsSource = (userId: string) => Promise<string[]>;

/**
 * Which second factors a user has enrolled, for code that may not import the factors module
 * (the password grant: token builds on no other protocol module). The factors module answers
 * it, registering its SecondFactorMethods at start; until then, and in a server without it,
 * nobody has enrolled anything.
 */
@Injectable()
export class EnrolledSecondFactors {
  private source: EnrolledSecondFactorsSource = () => Promise.resolve([]);
  private registered = false;

  answerWith(source: EnrolledSecondFactorsSource): void {
    if (this.registered) throw new Error('EnrolledSecondFactors is answered twice');
    this.source = source;
    this.registered = true;
  }

  of(userId: string): Promise<string[]> {
    return this.source(userId);
  }
}
