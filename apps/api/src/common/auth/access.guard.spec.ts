import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppException } from '../errors.js';
import { AccessGuard } from './access.guard.js';
import { Public } from './decorators.js';

/** An execution context for one handler of one controller, with no Authorization header. */
function contextFor(controller: new () => object, handler: string): ExecutionContext {
  const req = { headers: {} };
  return {
    getHandler: () => (controller.prototype as Record<string, unknown>)[handler],
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}) }),
    getType: () => 'http',
    getArgs: () => [req, {}],
  } as unknown as ExecutionContext;
}

class Undeclared {
  open() {}
}

class Declared {
  @Public() health() {}
}

@Public()
class PublicController {
  anything() {}
}

describe('AccessGuard', () => {
  const guard = new AccessGuard(new Reflector());

  it('denies a route with no declared access, before looking at any token', async () => {
    const attempt = guard.canActivate(contextFor(Undeclared, 'open'));
    await expect(attempt).rejects.toBeInstanceOf(AppException);
    await expect(guard.canActivate(contextFor(Undeclared, 'open'))).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('opens @Public routes, on the handler or the whole controller', async () => {
    await expect(guard.canActivate(contextFor(Declared, 'health'))).resolves.toBe(true);
    await expect(guard.canActivate(contextFor(PublicController, 'anything'))).resolves.toBe(true);
  });
});
