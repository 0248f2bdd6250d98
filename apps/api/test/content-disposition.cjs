// Jest on Node 20 cannot require() an ES module, and @fastify/static (which Swagger UI's assets
// are served with) requires content-disposition 3, ESM only, for reply.download(), which nothing
// here calls. jest.config.js maps the package to this stand-in; the running API uses the real one.
'use strict';
exports.create = (filename) => `attachment; filename="${String(filename).replace(/[^\x20-\x7e]|["\\]/g, '_')}"`;
