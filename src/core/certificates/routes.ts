import type { FastifyInstance } from 'fastify';
import type { CertificateInstallRequest, ProfileMoveResult, SecurityProfileRequest, StationCertificatesView } from '../../http/api-types.js';
import { audit } from '../../http/auth.js';
import { COMMAND_ROLES, MANAGE_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, idParams, ok } from '../../http/schemas.js';
import type { CertificateService } from './certificate-service.js';
import type { ProfileMover } from './profile-mover.js';

const certParams = {
  type: 'object', required: ['id', 'certId'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 }, certId: { type: 'string', pattern: '^\\d{1,19}$' } },
} as const;

/** Station certificates (inventory, known certificates, CSRs) and moving a station between security profiles. */
export function registerCertificateRoutes(
  fastify: FastifyInstance,
  deps: { certificates: CertificateService; mover: ProfileMover; expiringWithinDays(stationId: string): number },
): void {
  const { certificates, mover } = deps;
  const present = async (id: string, view?: Awaited<ReturnType<CertificateService['view']>>): Promise<StationCertificatesView> => ({
    ...(view ?? (await certificates.view(id))), expiringWithinDays: deps.expiringWithinDays(id),
  });

  fastify.get<{ Params: { id: string } }>('/api/stations/:id/certificates', {
    config: { roles: READ_ROLES },
    schema: { tags: ['certificates'], summary: "The station's installed certificates, the certificates we issued or installed (with expiry) and its CSRs", params: idParams, response: { 200: ok('StationCertificatesView'), ...errors(400, 404) } },
  }, async (request) => present(request.params.id));

  fastify.post<{ Params: { id: string } }>('/api/stations/:id/certificates/refresh', {
    config: { roles: COMMAND_ROLES },
    schema: { tags: ['certificates'], summary: 'Ask the station for its installed certificates (GetInstalledCertificateIds)', params: idParams, response: { 200: ok('StationCertificatesView'), ...errors(400, 404, 502, 503, 504) } },
  }, async (request) => {
    const view = await certificates.refresh(request.params.id);
    await audit(request, 'station.certificates.refreshed', request.params.id, { installed: view.installed.length });
    return present(request.params.id, view);
  });

  fastify.post<{ Params: { id: string }; Body: CertificateInstallRequest }>('/api/stations/:id/certificates', {
    config: { roles: MANAGE_ROLES },
    schema: {
      tags: ['certificates'], summary: 'Install a root certificate on the station (InstallCertificate)', params: idParams,
      body: {
        type: 'object', additionalProperties: false, required: ['certificateType', 'certificate'],
        properties: {
          certificateType: { type: 'string', enum: ['CSMSRootCertificate', 'ManufacturerRootCertificate', 'V2GRootCertificate', 'MORootCertificate'] },
          certificate: { type: 'string', minLength: 1, maxLength: 5500 },
        },
      },
      response: { 200: ok('{ status }: the station answer'), ...errors(400, 404, 502, 503, 504) },
    },
  }, async (request) => {
    const result = await certificates.install(request.params.id, request.body.certificateType, request.body.certificate);
    await audit(request, 'station.certificate.installed', request.params.id, { certificateType: request.body.certificateType, status: result.status });
    return result;
  });

  fastify.delete<{ Params: { id: string; certId: string } }>('/api/stations/:id/certificates/:certId', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['certificates'], summary: 'Delete an installed certificate on the station (DeleteCertificate)', params: certParams, response: { 200: ok('{ status }: the station answer'), ...errors(400, 404, 502, 503, 504) } },
  }, async (request) => {
    const result = await certificates.delete(request.params.id, request.params.certId);
    await audit(request, 'station.certificate.deleted', request.params.id, { certificate: request.params.certId, status: result.status });
    return result;
  });

  fastify.post<{ Params: { id: string }; Body: SecurityProfileRequest }>('/api/stations/:id/security-profile', {
    config: { roles: MANAGE_ROLES },
    schema: {
      tags: ['certificates'], summary: 'Move the station to another security profile, step by step; answers the steps with the station answers', params: idParams,
      body: {
        type: 'object', additionalProperties: false, required: ['profile'],
        properties: {
          profile: { type: 'integer', enum: [1, 2, 3] },
          password: { type: 'string', minLength: 16, maxLength: 40, description: 'the Basic-auth password (profiles 1 and 2)' },
          url: { type: 'string', minLength: 1, maxLength: 512, pattern: '^wss?://', description: '2.0.1: the CSMS URL for the new profile (default: the configured one)' },
        },
      },
      response: { 200: ok('ProfileMoveResult'), ...errors(400, 404, 409, 503, 504) },
    },
  }, async (request): Promise<ProfileMoveResult> => {
    const { password, ...rest } = request.body;
    const result = await mover.move(request.params.id, request.body);
    await audit(request, 'station.security_profile', request.params.id, { ...rest, ...(password !== undefined ? { password: 'set' } : {}), ok: result.ok, steps: result.steps.map((s) => `${s.step}: ${s.answer ?? s.detail ?? ''}`) });
    return result;
  });
}
