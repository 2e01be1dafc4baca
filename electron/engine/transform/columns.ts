// Source field → column name (flatten key, snake_case, rename_columns), cached for the whole run, and the guard
// that two different source fields never land in one column silently.
import { RESERVED_COLUMNS } from '../../../shared/event/schema';
import { toSnakeCase } from './snake-case';
import { makeRenamer, type RenameFn } from './rename';

export class ColumnCollisionError extends Error {
  constructor(
    readonly column: string,
    readonly sources: [string, string],
    message: string,
  ) {
    super(message);
    this.name = 'ColumnCollisionError';
  }
}

export class ColumnMapper {
  private readonly bySource = new Map<string, string>();
  private readonly owner = new Map<string, string>();
  private readonly rename: RenameFn;

  constructor(renames: ReadonlyArray<Record<string, string>> = []) {
    this.rename = makeRenamer(renames);
  }

  /** The column of a flattened leaf. Throws ColumnCollisionError when another source field already maps there. */
  columnOf(flatKey: string, source: string): string {
    const known = this.bySource.get(source);
    if (known !== undefined) return known;
    const snake = toSnakeCase(flatKey);
    const column = this.rename(snake);
    if (!column) {
      throw new ColumnCollisionError(column, [source, source], `source field ${source} has no usable column name after snake_case`);
    }
    if ((RESERVED_COLUMNS as readonly string[]).includes(column)) {
      throw new ColumnCollisionError(
        column,
        [source, column],
        `source field ${source} maps to column ${column}, which the engine writes itself; add a rename_columns entry {"${snake}": "another_name"}`,
      );
    }
    const other = this.owner.get(column);
    if (other !== undefined && other !== source) {
      throw new ColumnCollisionError(
        column,
        [other, source],
        `source fields ${other} and ${source} both map to column ${column}; their values would be merged. ` +
          `Rename one of them with rename_columns (names are the snake_case ones) or fix the source data`,
      );
    }
    this.owner.set(column, source);
    this.bySource.set(source, column);
    return column;
  }
}
