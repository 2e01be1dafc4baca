// What must stay the same across every chunk of one run: the column mapping (and its collision guard) and the
// column types (destination, catalog, or auto_schema decisions that stick). The runner creates one and passes it
// to each chunk writer, so all parts of a table agree.
import type { AthenaType, Catalog } from '../../../shared/catalog/tables';
import type { BackfillEvent } from '../../../shared/event/schema';
import { ColumnMapper } from './columns';
import { TableTypes } from './schema';

export interface OutputRunState {
  readonly table: string;
  readonly mapper: ColumnMapper;
  readonly types: TableTypes;
}

export function createOutputRunState(
  event: Pick<BackfillEvent, 'table_name' | 'auto_schema' | 'rename_columns'>,
  catalog: Catalog,
  /** The destination's column types for the table (highest authority), when it already exists there. */
  destinationTypes?: Readonly<Record<string, AthenaType>> | null,
): OutputRunState {
  return {
    table: event.table_name,
    mapper: new ColumnMapper(event.rename_columns),
    types: new TableTypes(event.table_name, catalog, event.auto_schema, event.rename_columns, destinationTypes),
  };
}
