/**
 * User-pool schema: the standard attributes every pool has and the checks on custom ones.
 * @module
 */
import { errors } from './errors.js';
import type { PoolRecord, SchemaAttribute } from './state.js';

const S = (Name: string, Mutable = true, extra: Partial<SchemaAttribute> = {}): SchemaAttribute => ({
  Name,
  AttributeDataType: 'String',
  DeveloperOnlyAttribute: false,
  Mutable,
  Required: false,
  StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' },
  ...extra,
});

/** The standard attributes (OpenID Connect claims plus `sub`), as DescribeUserPool lists them. */
export function standardSchema(): SchemaAttribute[] {
  return [
    S('sub', false, { Required: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' } }),
    S('name'),
    S('given_name'),
    S('family_name'),
    S('middle_name'),
    S('nickname'),
    S('preferred_username'),
    S('profile'),
    S('picture'),
    S('website'),
    S('email'),
    { Name: 'email_verified', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false },
    S('gender'),
    S('birthdate', true, { StringAttributeConstraints: { MinLength: '10', MaxLength: '10' } }),
    S('zoneinfo'),
    S('locale'),
    S('phone_number'),
    { Name: 'phone_number_verified', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false },
    S('address'),
    { Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false, NumberAttributeConstraints: { MinValue: '0' } },
  ];
}

/** Names of the standard attributes. */
export const STANDARD_ATTRIBUTE_NAMES: ReadonlySet<string> = /* @__PURE__ */ new Set(standardSchema().map((a) => a.Name));

/**
 * Merge a CreateUserPool `Schema` input into the standard schema: standard attributes get their
 * Required/Mutable flags, others become `custom:<name>` (or `dev:custom:<name>` when developer-only).
 * @throws InvalidParameterException for malformed entries.
 */
export function buildSchema(input: unknown): SchemaAttribute[] {
  const schema = standardSchema();
  if (input === undefined) return schema;
  if (!Array.isArray(input)) throw errors.invalidParameter('Schema must be a list of SchemaAttributeType.');
  for (const raw of input) addSchemaAttribute(schema, raw, true);
  return schema;
}

/**
 * Add one attribute (CreateUserPool Schema entry or AddCustomAttributes entry) to `schema`.
 * @throws InvalidParameterException when the name is missing, too long, or already present.
 */
export function addSchemaAttribute(schema: SchemaAttribute[], raw: unknown, allowStandard: boolean): void {
  const a = raw as Partial<SchemaAttribute>;
  if (typeof a !== 'object' || a === null || typeof a.Name !== 'string' || a.Name === '') {
    throw errors.invalidParameter('Schema attribute name must be a non-empty string.');
  }
  const standard = schema.find((s) => s.Name === a.Name);
  if (standard && STANDARD_ATTRIBUTE_NAMES.has(a.Name)) {
    if (!allowStandard) throw errors.invalidParameter(`Existing attribute already has name ${a.Name}.`);
    if (a.Required !== undefined) standard.Required = a.Required;
    if (a.Mutable !== undefined) standard.Mutable = a.Mutable;
    if (a.StringAttributeConstraints) standard.StringAttributeConstraints = { ...a.StringAttributeConstraints };
    return;
  }
  const bare = a.Name.startsWith('custom:') ? a.Name.slice(7) : a.Name;
  if (bare.length < 1 || bare.length > 20) {
    throw errors.invalidParameter(`Custom attribute name ${bare} must be between 1 and 20 characters.`);
  }
  const name = `${a.DeveloperOnlyAttribute ? 'dev:' : ''}custom:${bare}`;
  if (schema.some((s) => s.Name === name)) throw errors.invalidParameter(`Existing attribute already has name ${name}.`);
  if (a.Required) throw errors.invalidParameter('Required custom attributes are not supported currently.');
  const type = a.AttributeDataType ?? 'String';
  if (!['String', 'Number', 'DateTime', 'Boolean'].includes(type)) {
    throw errors.invalidParameter(`Invalid AttributeDataType ${String(type)}.`);
  }
  schema.push({
    Name: name,
    AttributeDataType: type,
    DeveloperOnlyAttribute: a.DeveloperOnlyAttribute ?? false,
    Mutable: a.Mutable ?? true,
    Required: false,
    ...(type === 'String'
      ? { StringAttributeConstraints: { ...(a.StringAttributeConstraints ?? {}) } }
      : type === 'Number'
        ? { NumberAttributeConstraints: { ...(a.NumberAttributeConstraints ?? {}) } }
        : {}),
  });
}

/**
 * Check attributes a caller writes against the pool schema.
 * @param mode - `admin` may write immutable attributes at creation only; `user` may not write `dev:` attributes.
 * @throws InvalidParameterException naming the attribute that does not exist / cannot be written.
 */
export function checkWritableAttributes(
  pool: PoolRecord,
  attributes: Record<string, string>,
  options: { creating: boolean },
): void {
  for (const name of Object.keys(attributes)) {
    if (name === 'sub') throw errors.invalidParameter('Cannot modify the non-mutable attribute sub');
    const def = pool.schema.find((s) => s.Name === name || s.Name === `dev:${name}`);
    if (!def) throw errors.invalidParameter(`Attribute does not exist in the schema.\nUser attribute ${name}`);
    if (!options.creating && def.Mutable === false) {
      throw errors.invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
    }
    const c = def.StringAttributeConstraints;
    const value = attributes[name]!;
    if (c?.MaxLength !== undefined && value.length > Number(c.MaxLength)) {
      throw errors.invalidParameter(`${name}: String is too long`);
    }
  }
}

/**
 * Convert a wire attribute list (`[{Name, Value}]`) to a record.
 * @throws InvalidParameterException for malformed entries.
 */
export function attributeRecord(list: unknown, field = 'UserAttributes'): Record<string, string> {
  if (list === undefined || list === null) return {};
  if (!Array.isArray(list)) throw errors.invalidParameter(`${field} must be a list of AttributeType.`);
  const out: Record<string, string> = {};
  for (const item of list) {
    const { Name, Value } = (item ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name !== 'string' || Name === '') throw errors.invalidParameter(`${field}: attribute Name is required.`);
    out[Name] = Value === undefined || Value === null ? '' : String(Value);
  }
  return out;
}
