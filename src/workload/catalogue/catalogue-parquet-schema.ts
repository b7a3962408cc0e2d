// Checks that a parquet file has the catalogue's columns with the reference's types, refusing in one line naming file and column.
import { parquetSchema, type FileMetaData, type SchemaTree } from 'hyparquet';
import { UsageError } from '../../util/exit-codes.js';
import { CATALOGUE_COLUMNS } from './catalogue-sample.js';

export type CatalogueField = keyof typeof CATALOGUE_COLUMNS;

/** What each column must be: strings are BYTE_ARRAY (annotated UTF8 or not), the image a struct with a binary `bytes` field. */
const KIND_OF: Readonly<Record<CatalogueField, ColumnKind>> = {
  title: 'string',
  description: 'string',
  image: 'image struct',
  candidates: 'list of strings',
  category: 'string',
  brand: 'string',
  isSecondhand: 'boolean',
};

type ColumnKind = 'string' | 'boolean' | 'list of strings' | 'image struct';

const PHRASE: Readonly<Record<ColumnKind, string>> = {
  'string': 'a string (BYTE_ARRAY)',
  'boolean': 'a BOOLEAN',
  'list of strings': 'a list of strings',
  'image struct': 'a struct with a binary bytes field',
};

/** Throws a UsageError naming `file` and the first of `fields` whose column is missing or of another type. */
export function checkCatalogueColumns(file: string, metadata: FileMetaData, fields: readonly CatalogueField[]): void {
  const columns = new Map(parquetSchema(metadata).children.map((child) => [child.element.name, child]));
  for (const field of fields) {
    const name = CATALOGUE_COLUMNS[field];
    const column = columns.get(name);
    if (!column) throw new UsageError(`${file}: no column ${name} (the product catalogue has ${Object.values(CATALOGUE_COLUMNS).join(', ')})`);
    const kind = KIND_OF[field];
    if (!hasKind(column, kind)) throw new UsageError(`${file}: column ${name} is ${describe(column)}, not ${PHRASE[kind]}`);
  }
}

function hasKind(column: SchemaTree, kind: ColumnKind): boolean {
  if (column.element.repetition_type === 'REPEATED') return false;
  switch (kind) {
    case 'string': return isLeaf(column, 'BYTE_ARRAY');
    case 'boolean': return isLeaf(column, 'BOOLEAN');
    case 'list of strings': return isList(column) && isLeaf(column.children[0]!.children[0], 'BYTE_ARRAY');
    case 'image struct': return !isList(column) && column.element.type === undefined && isLeaf(column.children.find((c) => c.element.name === 'bytes'), 'BYTE_ARRAY');
  }
}

function isLeaf(node: SchemaTree | undefined, type: 'BYTE_ARRAY' | 'BOOLEAN'): boolean {
  return node !== undefined && node.children.length === 0 && node.element.type === type && node.element.repetition_type !== 'REPEATED';
}

/** A standard three-level list: a LIST group holding one repeated group of one element. */
function isList(column: SchemaTree): boolean {
  const annotated = column.element.converted_type === 'LIST' || column.element.logical_type?.type === 'LIST';
  const repeated = column.children.length === 1 ? column.children[0]! : undefined;
  return annotated && repeated?.element.repetition_type === 'REPEATED' && repeated.children.length === 1;
}

function describe(column: SchemaTree): string {
  if (isList(column)) return `a list of ${column.children[0]!.children[0]!.element.type ?? 'groups'}`;
  if (column.element.type === undefined) return `a group of ${column.children.map((c) => c.element.name).join(', ')}`;
  const annotation = column.element.logical_type?.type ?? column.element.converted_type;
  return `${column.element.repetition_type === 'REPEATED' ? 'repeated ' : ''}${column.element.type}${annotation ? ` (${annotation})` : ''}`;
}
