// Proves that prisma/schema.prisma and the SQL migrations describe the same database: the
// migrations are applied to an empty database, which is then read back from pg_catalog and
// compared with the schema's DMMF (from Prisma's own schema parser) table by table: columns,
// types, nullability, defaults, primary keys, unique and plain indexes, foreign keys and enums.
import fs from 'node:fs';
import path from 'node:path';
import { getDmmf } from './dmmf';
import {
  createDatabase,
  createTestDatabase,
  applyMigrations,
  type TestDatabase,
  type Database,
} from '../src';

const root = path.resolve(__dirname, '../../..');

const SCALAR_SQL: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Decimal: 'numeric(65,30)',
  Bytes: 'bytea',
};
const NATIVE_SQL: Record<string, string> = {
  Uuid: 'uuid',
  Text: 'text',
  Timestamptz: 'timestamp(3) with time zone',
};
const ON_DELETE: Record<string, string> = {
  Cascade: 'c',
  SetNull: 'n',
  Restrict: 'r',
  NoAction: 'a',
  SetDefault: 'd',
};

const maxIdent = (s: string) => (s.length > 63 ? s.slice(0, 63) : s);

describe('Prisma schema and SQL migrations', () => {
  let tdb: TestDatabase;
  let db: Database;
  const dmmf = getDmmf(fs.readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8'));

  beforeAll(async () => {
    // A database with nothing in it; the template already has the migrations, so start bare.
    tdb = await createTestDatabase('schema');
    db = createDatabase(tdb.url, 2);
    await db.pool.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    const res = await applyMigrations(db.pool, path.join(root, 'prisma/migrations'));
    expect(res.applied.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
  });

  const q = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows;

  it('has exactly the tables of the schema (plus Prisma’s migration table)', async () => {
    const rows = await q(`SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY 1`);
    expect(rows.map((r) => r.tablename).sort()).toEqual(
      [...dmmf.datamodel.models.map((m: any) => m.dbName ?? m.name), '_prisma_migrations'].sort(),
    );
  });

  it('has the enums of the schema with their values in order', async () => {
    const rows =
      await q(`SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    const actual = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    const expected = Object.fromEntries(
      dmmf.datamodel.enums.map((e: any) => [
        e.dbName ?? e.name,
        e.values.map((v: any) => v.dbName ?? v.name),
      ]),
    );
    expect(actual).toEqual(expected);
  });

  for (const model of dmmf.datamodel.models as any[]) {
    const table = model.dbName ?? model.name;
    describe(`table ${table}`, () => {
      it('has the columns, types, nullability and defaults of the model', async () => {
        const cols = await q(
          `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
                  pg_get_expr(d.adbin, d.adrelid) AS dflt
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
          [`"${table}"`],
        );
        const expected = model.fields
          .filter((f: any) => f.kind !== 'object')
          .map((f: any) => {
            const type =
              f.kind === 'enum'
                ? `"${f.type}"`
                : f.nativeType
                  ? NATIVE_SQL[f.nativeType[0]]
                  : SCALAR_SQL[f.type];
            let dflt: string | null = null;
            if (f.hasDefaultValue && f.default !== undefined) {
              const d = f.default;
              if (typeof d === 'object' && d.name === 'now') dflt = 'CURRENT_TIMESTAMP';
              else if (typeof d === 'object' && (d.name === 'uuid' || d.name === 'cuid'))
                dflt = null; // client-side
              else if (typeof d === 'boolean' || typeof d === 'number') dflt = String(d);
              else if (
                typeof d === 'string' &&
                ['BigInt', 'Int', 'Float', 'Decimal'].includes(f.type)
              )
                dflt = d;
              else if (typeof d === 'string')
                dflt = `'${d}'::${f.kind === 'enum' ? `"${f.type}"` : f.type === 'Json' ? 'jsonb' : 'text'}`;
            }
            return {
              name: f.dbName ?? f.name,
              type: type.replace(/"/g, ''),
              notnull: f.isRequired,
              dflt,
            };
          });
        const actual = cols.map((c) => ({
          name: c.name,
          type: c.type.replace(/"/g, ''),
          notnull: c.notnull,
          dflt: c.dflt,
        }));
        expect(actual).toEqual(expected);
      });

      it('has the primary key, unique and plain indexes of the model', async () => {
        const idx = await q(
          `SELECT i.relname AS name, ix.indisunique AS uniq, ix.indisprimary AS pk, am.amname AS method,
                  array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS cols,
                  array(SELECT oc.opcname FROM unnest(ix.indclass) WITH ORDINALITY c(o, p)
                        JOIN pg_opclass oc ON oc.oid = c.o ORDER BY c.p)::text[] AS opclasses
           FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_am am ON am.oid = i.relam
           WHERE ix.indrelid = $1::regclass ORDER BY 1`,
          [`"${table}"`],
        );
        const colName = (n: string) => model.fields.find((f: any) => f.name === n)?.dbName ?? n;
        const expected = (dmmf.datamodel.indexes as any[])
          .filter((i) => i.model === model.name)
          .map((i) => {
            const cols = i.fields.map((f: any) => colName(f.name));
            const suffix = i.type === 'id' ? 'pkey' : i.type === 'unique' ? 'key' : 'idx';
            const name =
              i.dbName ??
              (i.type === 'id'
                ? `${table}_pkey`
                : maxIdent(`${table}_${cols.join('_')}_${suffix}`));
            return {
              name,
              uniq: i.type !== 'normal',
              pk: i.type === 'id',
              method: (i.algorithm ?? 'BTree').toLowerCase(),
              cols,
              gin: i.fields.some((f: any) => f.operatorClass === 'JsonbPathOps'),
            };
          })
          .sort((a, b) => a.name.localeCompare(b.name));
        const actual = idx
          .map((r) => ({
            name: r.name,
            uniq: r.uniq,
            pk: r.pk,
            method: r.method,
            cols: r.cols,
            gin: r.opclasses.includes('jsonb_path_ops'),
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
        expect(actual).toEqual(expected);
      });

      it('has the foreign keys of the model’s relations, with their delete rules', async () => {
        const fks = await q(
          `SELECT c.conname AS name, c.confrelid::regclass::text AS target, c.confdeltype AS ondelete,
                  array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS cols
           FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype = 'f' ORDER BY 1`,
          [`"${table}"`],
        );
        const expected = model.fields
          .filter((f: any) => f.kind === 'object' && f.relationFromFields?.length)
          .map((f: any) => {
            const target = dmmf.datamodel.models.find((m: any) => m.name === f.type);
            const optional = !f.isRequired;
            const rule = f.relationOnDelete ?? (optional ? 'SetNull' : 'Restrict');
            return {
              name: maxIdent(`${table}_${f.relationFromFields.join('_')}_fkey`),
              target: `"${target.dbName ?? target.name}"`,
              ondelete: ON_DELETE[rule],
              cols: f.relationFromFields,
            };
          })
          .sort((a: any, b: any) => a.name.localeCompare(b.name));
        expect(fks).toEqual(expected);
      });
    });
  }

  it('records the migrations in Prisma’s table so `prisma migrate deploy` sees them as applied', async () => {
    const rows = await q(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY 1`,
    );
    const dirs = fs
      .readdirSync(path.join(root, 'prisma/migrations'))
      .filter((d) => !d.endsWith('.toml'))
      .sort();
    expect(rows.map((r) => r.migration_name)).toEqual(dirs);
    for (const r of rows) {
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
    // Applying again is a no-op.
    const again = await applyMigrations(db.pool, path.join(root, 'prisma/migrations'));
    expect(again.applied).toEqual([]);
  });
});
