// The code under test for the JSON suites: a small schema validator, stable stringify, deep merge.
export function validate(schema, value, path = '$') {
  const errors = [];
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (schema.type && schema.type !== type && !(schema.type === 'integer' && Number.isInteger(value))) {
    errors.push(`${path}: expected ${schema.type}, got ${type}`);
    return errors;
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: not one of ${schema.enum.join(', ')}`);
  if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
  if (schema.pattern && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
  if (schema.properties) {
    for (const key of schema.required ?? []) if (!(key in value)) errors.push(`${path}.${key}: required`);
    for (const [key, sub] of Object.entries(schema.properties)) {
      if (key in value) errors.push(...validate(sub, value[key], `${path}.${key}`));
    }
  }
  if (schema.items) value.forEach((item, i) => errors.push(...validate(schema.items, item, `${path}[${i}]`)));
  return errors;
}

export function stableStringify(value) {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableStringify(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function deepMerge(target, source) {
  const out = { ...target };
  for (const [key, value] of Object.entries(source)) {
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && out[key] && typeof out[key] === 'object'
        ? deepMerge(out[key], value)
        : value;
  }
  return out;
}

export function makeRecords(count, seed) {
  let x = seed >>> 0 || 1;
  const rand = () => ((x = (x * 1103515245 + 12345) >>> 0) % 1000) / 1000;
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name: `user-${seed}-${i}`,
    email: `user${i}@example.test`,
    age: Math.floor(rand() * 80) + 18,
    role: ['admin', 'editor', 'viewer'][i % 3],
    tags: Array.from({ length: i % 4 }, (_, t) => `t${t}`),
    address: { city: ['Lyon', 'Oslo', 'Kyoto'][i % 3], zip: String(10000 + i) },
  }));
}
