import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../config/app-config';
import { ScimEndpoint } from './scim-pages.decorator';
import { sendScim } from './scim-response';
import { GROUP_SCHEMA, LIST_SCHEMA, SCIM_PATH, USER_SCHEMA } from './scim-schemas';
import { MAX_COUNT } from './scim-users.service';

const attribute = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

/** The attributes this server keeps, as RFC 7643 §7 schema definitions. */
const SCHEMAS = [
  {
    id: USER_SCHEMA,
    name: 'User',
    description: 'User account',
    attributes: [
      attribute('userName', 'string', { required: true, uniqueness: 'server' }),
      attribute('name', 'complex', {
        subAttributes: [
          attribute('givenName', 'string'),
          attribute('familyName', 'string'),
          attribute('formatted', 'string'),
        ],
      }),
      attribute('displayName', 'string'),
      attribute('emails', 'complex', {
        multiValued: true,
        subAttributes: [attribute('value', 'string'), attribute('type', 'string'), attribute('primary', 'boolean')],
      }),
      attribute('active', 'boolean'),
    ],
  },
  {
    id: GROUP_SCHEMA,
    name: 'Group',
    description: 'Group',
    attributes: [
      attribute('displayName', 'string', { required: true, uniqueness: 'server' }),
      attribute('members', 'complex', {
        multiValued: true,
        subAttributes: [
          attribute('value', 'string', { mutability: 'immutable' }),
          attribute('display', 'string', { mutability: 'readOnly' }),
        ],
      }),
    ],
  },
];

/** RFC 7644 §4: what this service provider supports, its resource types and schemas. */
@ScimEndpoint()
@Controller(SCIM_PATH.slice(1))
export class ScimDiscoveryController {
  private readonly base: string;

  constructor(config: AppConfig) {
    this.base = `${config.issuer}${SCIM_PATH}`;
  }

  @Get('ServiceProviderConfig')
  serviceProviderConfig(@Res() res: Response) {
    sendScim(res, 200, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: MAX_COUNT },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'Bearer token',
          description: 'A SCIM token issued in the admin API',
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${this.base}/ServiceProviderConfig` },
    });
  }

  @Get('ResourceTypes')
  resourceTypes(@Res() res: Response) {
    const types = [
      { id: 'User', name: 'User', endpoint: '/Users', schema: USER_SCHEMA },
      { id: 'Group', name: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA },
    ].map((t) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      ...t,
      meta: { resourceType: 'ResourceType', location: `${this.base}/ResourceTypes/${t.id}` },
    }));
    sendScim(res, 200, {
      schemas: [LIST_SCHEMA],
      totalResults: types.length,
      startIndex: 1,
      itemsPerPage: types.length,
      Resources: types,
    });
  }

  @Get('Schemas')
  schemas(@Res() res: Response) {
    const resources = SCHEMAS.map((s) => ({
      ...s,
      meta: { resourceType: 'Schema', location: `${this.base}/Schemas/${s.id}` },
    }));
    sendScim(res, 200, {
      schemas: [LIST_SCHEMA],
      totalResults: resources.length,
      startIndex: 1,
      itemsPerPage: resources.length,
      Resources: resources,
    });
  }
}
