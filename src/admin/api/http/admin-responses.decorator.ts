import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto';

/**
 * The refusals a route may add to those every admin route documents (see AdminApi). Each
 * carries the one admin error body, so no route can document a 404 or 409 with another shape.
 */
export const AdminNotFoundResponse = (description: string) =>
  ApiNotFoundResponse({ description, type: ErrorResponseDto });

export const AdminConflictResponse = (description: string) =>
  ApiConflictResponse({ description, type: ErrorResponseDto });

/** Answers 204 with no body, and documents it so: the status sent and the status described cannot drift. */
export const AdminNoContent = (description: string) =>
  applyDecorators(HttpCode(204), ApiNoContentResponse({ description }));
