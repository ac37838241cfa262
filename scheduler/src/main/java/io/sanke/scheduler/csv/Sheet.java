package io.sanke.scheduler.csv;

import io.sanke.scheduler.csv.CsvImport.RowError;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Splits a CSV text into a matched header and data rows, each row with the physical
 * line (1-based) it starts on, counting the lines inside quoted multi-line fields.
 * Checks the shape of the file only (encoding, header, field counts, row limit); does
 * not look at values.
 */
final class Sheet {
    /** A data row: its first physical line and its non-blank cells by column. */
    record Row(int line, Map<Column, String> cells) {
    }

    /** Either rows (errors empty) or the errors that stop the file from being read at all. */
    record Parsed(List<Row> rows, List<RowError> errors) {
    }

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(false)
            .setTrim(false)
            .get();

    private Sheet() {
    }

    static Parsed parse(String csv, List<Column> columns, int maxRows) {
        if (csv == null) {
            throw new IllegalArgumentException("csv must not be null");
        }
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        LineIndex lines = new LineIndex(text);
        int bad = text.indexOf('\uFFFD');
        if (bad >= 0) {
            return failed(new RowError(lines.lineAt(bad), "",
                    Reasons.of("文件不是 UTF-8 编码（在 Excel 中请另存为“CSV UTF-8(逗号分隔)”）",
                            "the file is not UTF-8 (in Excel, save it as “CSV UTF-8 (Comma delimited)”)")));
        }
        if (text.isBlank()) {
            return failed(new RowError(1, "", Reasons.of("文件为空", "the file is empty")));
        }
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(FORMAT).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            long lastLine = 0;
            Header header = null;
            List<Row> rows = new ArrayList<>();
            List<RowError> errors = new ArrayList<>();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    return failed(new RowError((int) lastLine + 1, "",
                            Reasons.of("CSV 格式错误（可能有未闭合的引号）", "malformed CSV (perhaps an unclosed quote)")));
                }
                lastLine = parser.getCurrentLineNumber();
                if (isBlank(record)) {
                    continue;
                }
                int line = lines.lineAt(lines.skipLineBreaks((int) record.getCharacterPosition()));
                if (header == null) {
                    header = Header.match(record, columns, line);
                    if (!header.errors.isEmpty()) {
                        return failed(header.errors);
                    }
                    continue;
                }
                if (rows.size() >= maxRows) {
                    return failed(new RowError(line, "", Reasons.of(
                            "行数超过上限 " + maxRows + "，请拆分文件", "more than " + maxRows + " rows, split the file")));
                }
                Row row = header.row(record, line, errors);
                if (row != null) {
                    rows.add(row);
                }
            }
            if (header == null) {
                return failed(new RowError(1, "", Reasons.of("文件为空", "the file is empty")));
            }
            if (rows.isEmpty() && errors.isEmpty()) {
                return failed(new RowError(1, "", Reasons.of("文件只有表头，没有数据行", "the file has a header but no rows")));
            }
            return new Parsed(rows, errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    private static Parsed failed(RowError error) {
        return failed(List.of(error));
    }

    private static Parsed failed(List<RowError> errors) {
        return new Parsed(List.of(), errors);
    }

    private static boolean isBlank(CSVRecord record) {
        for (String value : record) {
            if (!value.isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** The header row: which file position holds which column. */
    private static final class Header {
        private final Column[] byPosition;
        private final List<RowError> errors = new ArrayList<>();

        private Header(int size) {
            byPosition = new Column[size];
        }

        static Header match(CSVRecord record, List<Column> columns, int line) {
            Header header = new Header(record.size());
            if (record.size() == 1 && record.get(0).matches(".*[;\t；].*")) {
                header.errors.add(new RowError(line, "", Reasons.of(
                        "列之间须用英文逗号分隔（这一行用了分号或制表符）",
                        "columns must be separated by commas (this line uses semicolons or tabs)")));
                return header;
            }
            Map<Column, Integer> seen = new HashMap<>();
            for (int i = 0; i < record.size(); i++) {
                String name = record.get(i);
                if (name.isBlank()) {
                    continue; // a trailing empty header cell, as spreadsheets write; its cells must be blank
                }
                Column column = columns.stream().filter(c -> c.matches(name)).findFirst().orElse(null);
                if (column == null) {
                    header.errors.add(new RowError(line, name.strip(), Reasons.of(
                            "未知的列 [" + Reasons.shown(name) + "]，可用的列：" + names(columns, true),
                            "unknown column [" + Reasons.shown(name) + "], known columns: " + names(columns, false))));
                } else if (seen.containsKey(column)) {
                    header.errors.add(new RowError(line, column.key(), Reasons.of(
                            "列重复 [" + column.zh() + "]", "duplicate column [" + column.key() + "]")));
                } else {
                    seen.put(column, i);
                    header.byPosition[i] = column;
                }
            }
            for (Column column : columns) {
                if (column.required() && !seen.containsKey(column)) {
                    header.errors.add(new RowError(line, column.key(), Reasons.of(
                            "缺少必需的列 [" + column.zh() + "]", "missing required column [" + column.key() + "]")));
                }
            }
            return header;
        }

        Row row(CSVRecord record, int line, List<RowError> errors) {
            Map<Column, String> cells = new HashMap<>();
            boolean stray = false;
            for (int i = 0; i < record.size(); i++) {
                String value = record.get(i);
                Column column = i < byPosition.length ? byPosition[i] : null;
                if (column == null) {
                    stray |= !value.isBlank();
                } else if (!value.isBlank()) {
                    cells.put(column, value.strip());
                }
            }
            if (stray) {
                errors.add(new RowError(line, "", Reasons.of(
                        "字段过多：表头有 " + byPosition.length + " 列，这一行有 " + record.size() + " 个字段",
                        "too many fields: the header has " + byPosition.length + " columns, this row has "
                                + record.size() + " fields")));
                return null;
            }
            if (record.size() < countNamed()) {
                errors.add(new RowError(line, "", Reasons.of(
                        "字段过少：表头有 " + countNamed() + " 列，这一行只有 " + record.size() + " 个字段",
                        "too few fields: the header has " + countNamed() + " columns, this row has "
                                + record.size() + " fields")));
                return null;
            }
            return new Row(line, cells);
        }

        /** Position of the last named column + 1: a row must reach it. */
        private int countNamed() {
            for (int i = byPosition.length - 1; i >= 0; i--) {
                if (byPosition[i] != null) {
                    return i + 1;
                }
            }
            return 0;
        }

        private static String names(List<Column> columns, boolean zh) {
            return String.join(zh ? "、" : ", ", columns.stream().map(c -> zh ? c.zh() : c.key()).toList());
        }
    }

    /** Maps a character offset to its 1-based physical line; CRLF, LF and CR each end a line. */
    static final class LineIndex {
        private final String text;
        private final int[] starts;

        LineIndex(String text) {
            this.text = text;
            int[] s = new int[16];
            int n = 0;
            s[n++] = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (c == '\r' || c == '\n') {
                    if (n == s.length) {
                        s = Arrays.copyOf(s, n * 2);
                    }
                    s[n++] = i + 1;
                }
            }
            starts = Arrays.copyOf(s, n);
        }

        int lineAt(int offset) {
            int i = Arrays.binarySearch(starts, offset);
            return (i >= 0 ? i : -i - 2) + 1;
        }

        /** The record position the parser reports precedes the empty lines it skipped. */
        int skipLineBreaks(int offset) {
            int i = offset;
            while (i < text.length() && (text.charAt(i) == '\r' || text.charAt(i) == '\n')) {
                i++;
            }
            return i;
        }
    }
}
