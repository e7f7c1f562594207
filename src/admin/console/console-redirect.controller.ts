import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CONSOLE_PATH } from './console-paths';

/** /admin itself serves nothing in the API: a person typing it wants the console. */
@ApiExcludeController()
@Controller('admin')
export class ConsoleRedirectController {
  @Get()
  @Redirect(CONSOLE_PATH, 302)
  open(): void {}
}
