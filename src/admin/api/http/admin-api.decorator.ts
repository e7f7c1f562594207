import { applyDecorators, UseGuards, UseInterceptors, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminGuard } from '../auth/admin.guard';
import { AdminErrorsInterceptor } from './admin-errors.interceptor';
import { adminValidationPipe } from '../../http/admin-validation.pipe';
import { ErrorResponseDto } from './error-response.dto';

/** Security scheme names in the OpenAPI document (see swagger.ts). */
export const ADMIN_TOKEN_SCHEME = 'admin-token';
export const BEARER_SCHEME = 'bearer';

/**
 * An admin API controller: tagged in Swagger, behind admin authentication, its bodies and
 * queries validated, its domain errors mapped to HTTP.
 */
export function AdminApi(tag: string): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    UseGuards(AdminGuard),
    UsePipes(adminValidationPipe),
    UseInterceptors(AdminErrorsInterceptor),
    ApiSecurity(ADMIN_TOKEN_SCHEME),
    ApiBearerAuth(BEARER_SCHEME),
    ApiBadRequestResponse({ description: 'Invalid request: see `fields`', type: ErrorResponseDto }),
    ApiUnauthorizedResponse({ description: 'No admin token, or an unknown or revoked one', type: ErrorResponseDto }),
    ApiForbiddenResponse({ description: 'An access token without the admin scope', type: ErrorResponseDto }),
  );
}
