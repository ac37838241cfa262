package io.sanke.scheduler.http;

import io.sanke.scheduler.api.SchedulerException;

import java.util.ArrayList;
import java.util.List;

/** Every bad row of an import (422): {@code rows: [{line, field, reason}]}. */
final class RowsException extends SchedulerException {
    record Row(int line, String field, String reason) {
    }

    private final List<Row> rows;

    RowsException(List<Row> rows) {
        super("invalid_rows", 422, rows.size() + " bad row(s); nothing was imported");
        this.rows = new ArrayList<>(rows);
    }

    List<Row> rows() {
        return rows;
    }
}
