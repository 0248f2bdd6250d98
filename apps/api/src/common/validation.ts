import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import type { FieldError } from '@casework/contracts';
import { AppException } from './errors.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknown' : rule,
      message: rule === 'whitelistValidation' ? `${field} is not an accepted field` : message,
    }));
    return own.concat(flatten(e.children ?? [], field));
  });
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The first thing in a body no DTO rule can see but that must not get through: a key that could
 * reach an object's prototype, a NUL character (PostgreSQL text refuses it, as a 500) or a lone
 * UTF-16 surrogate.
 */
export function bodyProblem(value: unknown, path = '', depth = 0): FieldError | undefined {
  if (typeof value === 'string') {
    const field = path || 'body';
    if (value.includes('\u0000')) return { field, rule: 'noNul', message: `${field} must not contain NUL characters` };
    // A lone surrogate (JSON allows "\ud800") is no character at all, and makes validator's isEmail throw.
    if (LONE_SURROGATE.test(value)) return { field, rule: 'wellFormed', message: `${field} must be well-formed Unicode text` };
    return undefined;
  }
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const key of Object.keys(value)) {
    const here = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key) || key.includes('\u0000'))
      return { field: here, rule: 'unknown', message: `${here} is not an accepted field` };
    const inner = bodyProblem((value as Record<string, unknown>)[key], here, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The whitelist ValidationPipe, plus checks it does not make: a body must be a JSON object (not
 * an array or a bare value), no key may be __proto__, constructor or prototype (JSON.parse keeps
 * `__proto__` as an own key that class-transformer silently drops instead of refusing), and no
 * string may hold a NUL character.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto =
      metadata.type === 'body' &&
      typeof metadata.metatype === 'function' &&
      ![Object, Array, String, Number, Boolean].includes(metadata.metatype as never);
    if (isDto) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new AppException(400, 'VALIDATION_FAILED', 'The request body must be a JSON object', [
          { field: 'body', rule: 'isObject', message: 'The request body must be a JSON object' },
        ]);
      }
    }
    if (metadata.type === 'body') {
      const problem = bodyProblem(value);
      if (problem) throw new AppException(400, 'VALIDATION_FAILED', problem.message, [problem]);
    }
    return super.transform(value, metadata);
  }
}

export function validationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      const message = fieldErrors.map((f) => f.message).join('; ') || 'Invalid request';
      return new AppException(400, 'VALIDATION_FAILED', message, fieldErrors);
    },
  });
}

/** A string with at least one visible character (MinLength alone lets "    " through). */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: (args) => `${args?.property} must not be blank`,
      },
    },
    options,
  );
}

/**
 * The field may be left out, but not sent as null. (@IsOptional lets null through every other
 * rule, and a null then reaches a NOT NULL column as a 500.) Use @IsOptional only for nullable fields.
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
