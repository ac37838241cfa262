package io.sanke.scheduler.csv;

import io.sanke.scheduler.csv.CsvImport.RowError;

import java.util.List;

/**
 * Reads the cells of one {@link Sheet.Row}, collecting one {@link RowError} per bad cell
 * so that a row reports all its faults at once.
 */
final class RowReader {
    /** Parses one non-blank, stripped cell. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String value) throws BadValue;
    }

    private final Sheet.Row row;
    private final List<RowError> errors;
    private boolean failed;

    RowReader(Sheet.Row row, List<RowError> errors) {
        this.row = row;
        this.errors = errors;
    }

    int line() {
        return row.line();
    }

    /** The parsed cell, or {@code null} if blank; a bad cell is recorded and yields {@code null}. */
    <T> T optional(Column column, Parser<T> parser) {
        String value = row.cells().get(column);
        if (value == null) {
            return null;
        }
        try {
            return parser.parse(value);
        } catch (BadValue e) {
            fail(column, e.getMessage());
            return null;
        }
    }

    /** Like {@link #optional} but a blank cell is an error. */
    <T> T required(Column column, Parser<T> parser) {
        if (!row.cells().containsKey(column)) {
            fail(column, Reasons.of("必填项为空 [" + column.zh() + "]", "required value is empty [" + column.key() + "]"));
            return null;
        }
        return optional(column, parser);
    }

    boolean has(Column column) {
        return row.cells().containsKey(column);
    }

    void fail(Column column, String reason) {
        failed = true;
        errors.add(new RowError(row.line(), column.key(), reason));
    }

    boolean failed() {
        return failed;
    }
}
