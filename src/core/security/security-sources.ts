import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { deleteSource, existingStations, findSource, insertSource, listSources, replaceCameras, siteExists, updateSource } from './security-repository.js';
import type { CameraMapping, SecurityActor, SecurityDeps, SecuritySourceRequest, SecuritySourceView, SecuritySourceWithSecret } from './security.js';

const MAX_CAMERAS = 1_000;

function checkName(name: unknown): string {
  const n = typeof name === 'string' ? name.trim() : '';
  if (n.length < 1 || n.length > 100) throw new ValidationError('a source name has 1–100 characters');
  return n;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

/**
 * Physical-security event sources (camera/NVR or door-sensor systems) managed by admins: each has a secret
 * it signs its requests with (generated, shown once: at creation and when rotated) and a mapping of its
 * camera ids to a site and stations.
 */
export class SecuritySources {
  constructor(private readonly deps: SecurityDeps) {}

  /** Every source with its cameras. */
  list(): Promise<SecuritySourceView[]> {
    return listSources(this.deps.db);
  }

  /** One source; NotFoundError if unknown. */
  async get(id: string): Promise<SecuritySourceView> {
    const found = await findSource(this.deps.db, id);
    if (!found) throw new NotFoundError('security source', id);
    return found.view;
  }

  /** Adds a source; the answer is the only place its secret shows. */
  async create(input: SecuritySourceRequest, actor: SecurityActor): Promise<SecuritySourceWithSecret> {
    const name = checkName(input.name);
    const cameras = await this.checkCameras(input.cameras ?? []);
    const id = this.deps.ids.uuid();
    const secret = this.newSecret();
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        await insertSource(trx, { id, name, secret, disabled: input.disabled ?? false, createdAt: this.deps.clock.now(), createdBy: actor.name });
        await replaceCameras(trx, id, cameras);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`a source named "${name}" exists`);
      throw error;
    }
    return { ...(await this.get(id)), secret };
  }

  /** Changes a source's name, switch or cameras (the list replaces the old one); `rotateSecret` answers with the new secret. */
  async update(id: string, input: SecuritySourceRequest): Promise<SecuritySourceView | SecuritySourceWithSecret> {
    const set: { name?: string; secret?: string; disabled?: boolean } = {};
    if (input.name !== undefined) set.name = checkName(input.name);
    if (input.disabled !== undefined) set.disabled = input.disabled;
    if (input.rotateSecret) set.secret = this.newSecret();
    const cameras = input.cameras === undefined ? undefined : await this.checkCameras(input.cameras);
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        if (!(await updateSource(trx, id, set))) throw new NotFoundError('security source', id);
        if (cameras) await replaceCameras(trx, id, cameras);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`a source named "${set.name ?? ''}" exists`);
      throw error;
    }
    const view = await this.get(id);
    return set.secret ? { ...view, secret: set.secret } : view;
  }

  /** Removes a source and its camera mapping; the events it sent stay. */
  async remove(id: string): Promise<void> {
    if (!(await deleteSource(this.deps.db, id))) throw new NotFoundError('security source', id);
  }

  private newSecret(): string {
    return `cwsec_${this.deps.ids.token(24)}`;
  }

  private async checkCameras(cameras: readonly CameraMapping[]): Promise<CameraMapping[]> {
    if (cameras.length > MAX_CAMERAS) throw new ValidationError(`a source maps at most ${MAX_CAMERAS} cameras`);
    const seen = new Set<string>();
    const out: CameraMapping[] = [];
    for (const c of cameras) {
      const cameraId = typeof c.cameraId === 'string' ? c.cameraId.trim() : '';
      if (cameraId.length < 1 || cameraId.length > 200) throw new ValidationError('a camera id has 1–200 characters');
      if (seen.has(cameraId)) throw new ValidationError(`camera ${cameraId} is listed twice`);
      seen.add(cameraId);
      if (c.siteId && !(await siteExists(this.deps.db, c.siteId))) throw new ValidationError(`unknown site ${c.siteId}`, { cameraId });
      const stationIds = [...new Set(c.stationIds ?? [])];
      const known = await existingStations(this.deps.db, stationIds);
      const unknown = stationIds.filter((s) => !known.has(s));
      if (unknown.length) throw new ValidationError(`unknown station ${unknown[0]!}`, { cameraId });
      out.push({ cameraId, siteId: c.siteId ?? null, stationIds });
    }
    return out;
  }
}
