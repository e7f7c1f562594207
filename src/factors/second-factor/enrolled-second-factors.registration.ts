import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EnrolledSecondFactors } from '../../users/enrolled-second-factors';
import { SecondFactorMethods } from './second-factor-methods';

/** Lets modules that may not import this one (the password grant) ask which second factors a user has. */
@Injectable()
export class EnrolledSecondFactorsRegistration implements OnModuleInit {
  constructor(
    private readonly methods: SecondFactorMethods,
    private readonly enrolled: EnrolledSecondFactors,
  ) {}

  onModuleInit(): void {
    this.enrolled.answerWith(async (userId) => (await this.methods.enrolledBy(userId)).map((m) => m.name));
  }
}
